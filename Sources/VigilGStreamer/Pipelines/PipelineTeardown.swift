internal import CGStreamer
import Dispatch
import Foundation

/// Stops and frees a running pipeline on a utility queue: setting NULL joins the streaming
/// threads, which must not happen on a Swift concurrency thread (nor on a streaming thread).
/// Whoever feeds the pipeline from elsewhere (the relay's router) must have let go first.
package struct PipelineTeardown: Sendable {
    package let pipeline: Pipeline
    /// Element references taken from the pipeline, released after it stopped.
    package let owned: [ElementRef]
    /// Runs on the teardown queue once everything is released (e.g. the relay's pipeline count).
    package let whenReleased: @Sendable () -> Void

    package init(pipeline: Pipeline, owned: [ElementRef], whenReleased: @escaping @Sendable () -> Void = {}) {
        self.pipeline = pipeline
        self.owned = owned
        self.whenReleased = whenReleased
    }

    static let queue = DispatchQueue(label: "vigil.gstreamer.teardown")

    /// Returns once the pipeline is NULL, its bus handler removed and every reference dropped.
    /// With VIGIL_DEBUG_REFS set, prints each element's reference count first (2 = Vigil's + the
    /// bin's: nothing else holds it).
    package func run() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Self.queue.async {
                let element = pipeline.element
                _ = gst_element_set_state(element.pointer, GST_STATE_NULL)
                if let bus = gst_element_get_bus(element.pointer) {
                    gst_bus_set_sync_handler(bus, nil, nil, nil)
                    gst_object_unref(bus)
                }
                if ProcessInfo.processInfo.environment["VIGIL_DEBUG_REFS"] != nil {
                    for reference in owned + [element] {
                        FileHandle.standardError.write(Data("teardown ref \(reference.name) \(reference.referenceCount)\n".utf8))
                    }
                }
                owned.forEach { $0.release() }
                element.release()
                whenReleased()
                done.resume()
            }
        }
    }
}
