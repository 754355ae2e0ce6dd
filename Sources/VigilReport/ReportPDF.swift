import Foundation

/// The report as an A4 PDF, printed from the HTML export by headless Chromium. Printing the same
/// page keeps PDF and HTML identical in content without a second layout engine, and Chromium
/// gives real text (searchable, `pdftotext`-readable) and vector SVG. Chromium is already part of
/// the set-up for the browser tests; `VIGIL_CHROMIUM` names another binary.
public enum ReportPDF {
    public enum Failure: Error, CustomStringConvertible {
        case chromiumMissing(String)
        case printFailed(String)

        public var description: String {
            switch self {
            case .chromiumMissing(let path):
                "cannot make the PDF: Chromium was not found at \(path). Install Debian's chromium (make setup does) or set VIGIL_CHROMIUM"
            case .printFailed(let reason):
                "Chromium could not print the report to PDF: \(reason)"
            }
        }
    }

    public static var chromium: String {
        ProcessInfo.processInfo.environment["VIGIL_CHROMIUM"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/chromium"
    }

    /// Prints `html` to PDF bytes. Blocks the calling thread for the second or two Chromium
    /// needs; call it off the event loop.
    public static func render(html: String, timeout: TimeInterval = 60) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: chromium) else { throw Failure.chromiumMissing(chromium) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let output = folder.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
            "--print-to-pdf=\(output.path)", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        // A file, not a pipe: Chromium logs enough to fill a pipe and block while we wait.
        let errorLog = folder.appendingPathComponent("chromium.log")
        FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let errors = try FileHandle(forWritingTo: errorLog)
        defer { try? errors.close() }
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            throw Failure.printFailed("no answer within \(Int(timeout)) s")
        }
        guard let pdf = FileManager.default.contents(atPath: output.path), pdf.starts(with: Data("%PDF".utf8)) else {
            let text = String(decoding: FileManager.default.contents(atPath: errorLog.path) ?? Data(), as: UTF8.self)
            throw Failure.printFailed("exit \(process.terminationStatus); \(text.suffix(400))")
        }
        return pdf
    }
}
