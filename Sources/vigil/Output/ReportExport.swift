import ArgumentParser
import Foundation
import VigilCore
import VigilReport
import VigilStore

/// Builds a stored session's report in one format; shared by `vigil report` and `vigil analyze`.
enum ReportExport {
    static func render(_ format: ReportFormat, session: SessionInfo, store: Store) async throws -> Data {
        let report = Report(session: session, events: try await store.events(session: session.id),
                            policy: try await store.policy(session: session.id), generatedAt: Date())
        switch format {
        case .json:
            return try ReportJSON.render(report) + Data("\n".utf8)
        case .csv:
            return Data(ReportCSV.render(report).utf8)
        case .html, .pdf:
            let jpegs = try await store.snapshots(session: session.id).mapValues { [UInt8]($0.jpeg) }
            let html = ReportHTML.render(report, snapshots: jpegs)
            return format == .html ? Data(html.utf8) : try ReportPDF.render(html: html)
        }
    }
}
