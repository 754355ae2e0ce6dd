import ArgumentParser
import Foundation
import VigilCore
import VigilReport
import VigilStore

/// `vigil report SESSION_ID`: exports a stored session's report from the database file, without
/// a running server.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Export a session's report as JSON, CSV, HTML or PDF.")

    @Argument(help: "The session id (from POST /api/sessions or vigil analyze).")
    var session: String

    @Option(help: "json, csv, html or pdf.")
    var format: ReportFormat = .json

    @Option(help: "Write to this file instead of standard output (required for pdf).")
    var out: String?

    @Option(help: "Database: an SQLite file or a postgres:// URL (env VIGIL_DB, default DATA_DIR/vigil.sqlite).")
    var db: String?

    @Option(name: .customLong("data-dir"), help: "Data folder (env VIGIL_DATA_DIR, default data).")
    var dataDir: String?

    func run() async throws {
        let options = OptionSource(environment: ProcessInfo.processInfo.environment)
        let path = options.databasePath(db, dataDirectory: options.dataDirectory(dataDir))
        let location: StoreLocation
        do { location = try StoreLocation(parsing: path) } catch { throw ValidationError(error.description) }
        if case .sqlite(let file) = location, !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("no database at \(file); pass --db or set VIGIL_DB")
        }
        if format == .pdf && out == nil { throw ValidationError("a PDF needs --out FILE") }
        let store: Store
        do { store = try await Store.open(location) } catch { throw ValidationError(error.description) }
        guard let info = try await store.session(id: session) else {
            throw ValidationError("no session \(session) in \(store.path)")
        }
        let bytes = try await ReportExport.render(format, session: info, store: store)
        if let out {
            try bytes.write(to: URL(fileURLWithPath: out))
            FileHandle.standardError.write(Data("vigil report: wrote \(out) (\(bytes.count) bytes)\n".utf8))
        } else {
            FileHandle.standardOutput.write(bytes)
        }
    }
}
