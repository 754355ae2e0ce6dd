import Synchronization

/// One process-wide lock around OpenVINO's set-up and tear-down (creating and freeing a core,
/// reading and compiling a model, freeing a compiled model). Two analyzers loading at once on
/// two threads crashed the process now and then (heap corruption inside libopenvino, 1 run in 8
/// of `vigil analyze --workers 2`; 0 in 12 with one worker), so set-up is serialised. Inference
/// itself stays concurrent: each analyzer has its own core, compiled models and infer requests.
enum EngineSetupLock {
    private static let lock = Mutex(())

    static func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try lock.withLock { _ throws(E) in try body() }
    }
}
