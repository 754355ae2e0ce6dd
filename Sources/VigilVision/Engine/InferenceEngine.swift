internal import COpenVINO

/// OpenVINO's runtime for one analyzer (an `ov_core_t`): it reads the models and compiles them
/// for the CPU with the analyzer's thread count. Not Sendable: it belongs to one analyzer.
final class InferenceEngine {
    let core: OpaquePointer
    /// Inference threads per model (0: OpenVINO's default, all cores).
    let threads: Int

    init(threads: Int) throws(VisionError) {
        var core: OpaquePointer?
        let status = EngineSetupLock.withLock { ov_core_create(&core) }
        guard status == OK, let core else {
            throw .engineUnavailable(reason: Self.lastError(status))
        }
        self.core = core
        self.threads = max(0, threads)
    }

    deinit { EngineSetupLock.withLock { ov_core_free(core) } }

    /// OpenVINO's message for the last failure on this thread, with the status name.
    static func lastError(_ status: ov_status_e) -> String {
        let message = ov_get_last_err_msg().map { String(cString: $0) } ?? ""
        let name = ov_get_error_info(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
        return message.isEmpty ? name : "\(name): \(message)"
    }
}
