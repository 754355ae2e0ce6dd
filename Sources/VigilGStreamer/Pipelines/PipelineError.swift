internal import CGStreamer

/// An ERROR a pipeline posted on its bus, copied out of its GError so that judging what went
/// wrong (a missing plug-in, a damaged file, a failed DTLS handshake) is plain Swift.
package struct PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// GStreamer's error domains (GST_CORE_ERROR, GST_LIBRARY_ERROR, …).
    package enum Domain: Sendable, Equatable {
        case core, library, resource, stream, other
    }

    /// The codes Vigil tells apart, within their domain.
    package enum Code: Sendable {
        /// GST_CORE_ERROR_MISSING_PLUGIN
        case missingPlugin
        /// GST_STREAM_ERROR_TYPE_NOT_FOUND: typefind does not recognise the content.
        case typeNotFound
        /// GST_STREAM_ERROR_CODEC_NOT_FOUND
        case codecNotFound
    }

    package var domain: Domain
    package var code: Int32
    package var message: String
    /// GStreamer's debug detail (source file, function, reason such as "not-linked").
    package var debug: String
    /// The name of the element that posted it.
    package var source: String

    package init(domain: Domain, code: Int32, message: String, debug: String = "", source: String = "") {
        self.domain = domain
        self.code = code
        self.message = message
        self.debug = debug
        self.source = source
    }

    /// Reads an ERROR message (the caller keeps ownership of it).
    init(errorMessage message: UnsafeMutablePointer<GstMessage>) {
        var error: UnsafeMutablePointer<GError>?
        var debugText: UnsafeMutablePointer<gchar>?
        gst_message_parse_error(message, &error, &debugText)
        defer {
            if let error { g_error_free(error) }
            g_free(debugText)
        }
        self.message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
        debug = debugText.map { String(cString: $0) } ?? ""
        code = error?.pointee.code ?? 0
        source = vigil_message_source_name(message).map { String(cString: $0) } ?? "unknown"
        switch error?.pointee.domain {
        case gst_core_error_quark(): domain = .core
        case gst_library_error_quark(): domain = .library
        case gst_resource_error_quark(): domain = .resource
        case gst_stream_error_quark(): domain = .stream
        default: domain = .other
        }
    }

    package func `is`(_ known: Code) -> Bool {
        switch known {
        case .missingPlugin: domain == .core && code == Int32(GST_CORE_ERROR_MISSING_PLUGIN.rawValue)
        case .typeNotFound: domain == .stream && code == Int32(GST_STREAM_ERROR_TYPE_NOT_FOUND.rawValue)
        case .codecNotFound: domain == .stream && code == Int32(GST_STREAM_ERROR_CODEC_NOT_FOUND.rawValue)
        }
    }

    /// "source: message", as logs and pages show it.
    package var description: String { "\(source): \(message)" }
}
