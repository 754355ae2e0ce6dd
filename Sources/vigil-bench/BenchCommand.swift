import ArgumentParser
import Foundation
import VigilCore
import VigilReport
import VigilStore

/// `vigil-bench`: measurements that need Vigil's own modules, printed as one JSON object per
/// line for `make bench`. HTTP load is measured from outside by `scripts/bench.sh` with wrk.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil-bench", abstract: "Vigil's in-process benchmarks.", subcommands: [ReportBench.self, AccuracyBench.self, DetectorSpeedBench.self, LoadBench.self, SignalingFuzzBench.self, VoiceBench.self, IdentityBench.self])
}
