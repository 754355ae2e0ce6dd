import ArgumentParser

/// The `vigil` command line: the server and, in later work, the offline tools.
@main
struct VigilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Vigil: relays and proctors live video interviews.",
        subcommands: [ServeCommand.self, DetectCommand.self, ReportCommand.self, AnalyzeCommand.self],
        defaultSubcommand: nil)
}
