import Foundation
import Hummingbird
import VigilCore
import VigilReport
import VigilStore

/// The report in JSON, CSV, HTML or PDF.
extension SessionRoutes {
    // MARK: GET /api/sessions/:id

    func report(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "read the report")
        let format = try Self.format(of: request)
        let report = Report(session: session, events: try await store.events(session: session.id),
                            policy: try await store.policy(session: session.id), generatedAt: Date())
        switch format {
        case .json:
            return try JSONResponse.make(ReportWithRecording(report: report, recording: RecordingSummary(try await store.recording(session: session.id))))
        case .csv:
            return Self.download(Data(ReportCSV.render(report).utf8), type: "text/csv; charset=utf-8", name: "vigil-\(session.id).csv")
        case .html, .pdf:
            let jpegs = try await store.snapshots(session: session.id).mapValues { [UInt8]($0.jpeg) }
            var links: [Int64: ReportEventLinks] = [:]
            if format == .html, try await store.recording(session: session.id)?.hasFile == true,
               let token = TokenCheck.bearer(in: request)?.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) {
                for event in report.events {
                    links[event.id] = ReportEventLinks(
                        review: "/review?session=\(session.id)&token=\(token)#event-\(event.id)",
                        clip: "/api/sessions/\(session.id)/events/\(event.id)/clip?token=\(token)")
                }
            }
            let html = ReportHTML.render(report, snapshots: jpegs, eventLinks: links)
            if format == .html {
                return Self.download(Data(html.utf8), type: "text/html; charset=utf-8", name: "vigil-\(session.id).html", inline: true)
            }
            let pdf = try await PDFPrinter.print(html)
            return Self.download(pdf, type: "application/pdf", name: "vigil-\(session.id).pdf")
        }
    }

    static func download(_ body: Data, type: String, name: String, inline: Bool = false) -> Response {
        var response = Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        response.headers[.contentDisposition] = "\(inline ? "inline" : "attachment"); filename=\"\(name)\""
        return response
    }

    enum Format: String { case json, csv, html, pdf }

    static func format(of request: Request) throws -> Format {
        if let asked = request.uri.queryParameters["format"] {
            guard let format = Format(rawValue: String(asked).lowercased()) else {
                throw APIError(.badRequest, "unknown_format", "format '\(asked)' is not available; use json, csv, html or pdf")
            }
            return format
        }
        let accept = request.headers[.accept] ?? ""
        if accept.contains("text/csv") { return .csv }
        if accept.contains("application/pdf") { return .pdf }
        if accept.contains("text/html") && !accept.contains("application/json") { return .html }
        return .json
    }
}
