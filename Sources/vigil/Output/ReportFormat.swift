import ArgumentParser

/// The report formats `vigil report` and `vigil analyze` can write.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, csv, html, pdf
}
