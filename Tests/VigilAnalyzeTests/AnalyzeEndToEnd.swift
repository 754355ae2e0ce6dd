import Testing

/// `vigil analyze` on real files with the real detectors (they need the models from
/// `make setup`). Serialised: each run keeps both cores busy, and the machine is shared.
@Suite("vigil analyze", .serialized)
struct AnalyzeEndToEnd {}
