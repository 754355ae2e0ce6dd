internal import CGStreamer
import Synchronization

/// GStreamer's process-wide state: `gst_init` exactly once for every module (relay, file
/// decoding, load client), and the count of relay pipelines alive so that tests and `/metrics`
/// can prove that ended sessions free everything.
public enum GStreamerRuntime {
    private static let initialized: Bool = {
        gst_init(nil, nil)
        return true
    }()

    /// Calls `gst_init` the first time; later calls cost nothing.
    public static func ensureInitialized() {
        _ = initialized
    }

    /// "GStreamer 1.22.0", for logs and the status endpoint.
    public static var version: String {
        ensureInitialized()
        guard let text = gst_version_string() else { return "GStreamer (unknown version)" }
        defer { g_free(text) }
        return String(cString: text)
    }

    private static let livePipelineCount = Atomic<Int>(0)

    /// Pipelines built by the relay and not yet torn down (set to NULL and released).
    public static var livePipelines: Int { livePipelineCount.load(ordering: .relaxed) }

    /// The relay built one more pipeline (counted in `livePipelines` until it is torn down).
    package static func relayPipelineBuilt() { livePipelineCount.add(1, ordering: .relaxed) }

    /// The relay released a pipeline it had counted with `relayPipelineBuilt`.
    package static func relayPipelineReleased() { livePipelineCount.subtract(1, ordering: .relaxed) }

    /// Whether an element factory is installed, e.g. "webrtcbin" (gstreamer1.0-plugins-bad).
    public static func hasElement(_ factory: String) -> Bool {
        ensureInitialized()
        guard let found = gst_element_factory_find(factory) else { return false }
        gst_object_unref(UnsafeMutableRawPointer(found))
        return true
    }
}
