import Foundation
import VigilReport

/// Runs PDF printing (a Chromium process, a second or two) on a global queue, off the server's
/// event loops, and turns its failures into an answer a person can act on.
enum PDFPrinter {
    static func print(_ html: String) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                do {
                    continuation.resume(returning: try ReportPDF.render(html: html))
                } catch let failure as ReportPDF.Failure {
                    continuation.resume(throwing: APIError(.serviceUnavailable, "pdf_unavailable", failure.description))
                } catch {
                    continuation.resume(throwing: APIError(.serviceUnavailable, "pdf_unavailable", "\(error)"))
                }
            }
        }
    }
}
