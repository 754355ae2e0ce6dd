import CGStreamer

/// An error GStreamer posted while decoding a file, copied out of its GError so that the
/// judgement of what went wrong is plain Swift.
struct FileDecodeFailure: Sendable, Equatable {
    enum Domain: Sendable, Equatable {
        case core, library, resource, stream, other
    }

    var domain: Domain
    var code: Int32
    var message: String
    /// GStreamer's debug detail (source file, function, reason such as "not-linked").
    var debug: String

    /// Reads an ERROR message.
    init(message: UnsafeMutablePointer<GstMessage>) {
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
        switch error?.pointee.domain {
        case gst_core_error_quark(): domain = .core
        case gst_library_error_quark(): domain = .library
        case gst_resource_error_quark(): domain = .resource
        case gst_stream_error_quark(): domain = .stream
        default: domain = .other
        }
    }

    init(domain: Domain, code: Int32, message: String, debug: String = "") {
        self.domain = domain
        self.code = code
        self.message = message
        self.debug = debug
    }

    func `is`(_ domain: Domain, _ code: UInt32) -> Bool {
        self.domain == domain && self.code == Int32(code)
    }
}

/// What GStreamer knew about the file when it failed.
struct FileDecodeEvidence: Sendable, Equatable {
    /// The container's caps name from typefind ("video/quicktime", "image/jpeg"), nil if unknown.
    var container: String?
    /// Caps names of the streams decodebin offered.
    var streams: [String]
}

extension FileDecodeError {
    /// The error a person should see for a failed decode, from the most specific cause down:
    /// a photo, something that is not media, media without video, a missing plug-in, damage.
    static func judging(_ failure: FileDecodeFailure?, evidence: FileDecodeEvidence, file: String) -> FileDecodeError {
        if let container = evidence.container, container.hasPrefix("image/") {
            return .stillImage(file: file, format: container)
        }
        let offeredVideo = evidence.streams.contains { $0.hasPrefix("video/") }
        if let failure {
            if failure.domain == .resource {
                return .unreadable(file: file, reason: failure.message)
            }
            if failure.is(.stream, GST_STREAM_ERROR_TYPE_NOT_FOUND.rawValue) {
                return .notAVideo(file: file, detail: "GStreamer does not recognise its format")
            }
        }
        if let container = evidence.container, container.hasPrefix("text/") || container.hasPrefix("application/xml") {
            return .notAVideo(file: file, detail: "its content is \(container)")
        }
        if !offeredVideo, !evidence.streams.isEmpty {
            let kinds = Set(evidence.streams.map { $0.split(separator: "/").first.map(String.init) ?? $0 }).sorted()
            return .noVideoStream(file: file, found: kinds.joined(separator: " and ") + " only")
        }
        if !offeredVideo, let container = evidence.container, container.hasPrefix("audio/") {
            return .noVideoStream(file: file, found: "audio only (\(container))")
        }
        if let failure, failure.is(.core, GST_CORE_ERROR_MISSING_PLUGIN.rawValue)
            || failure.is(.stream, GST_STREAM_ERROR_CODEC_NOT_FOUND.rawValue) {
            return .decoderMissing(file: file, detail: "\(failure.message) (container \(evidence.container ?? "unknown"))")
        }
        guard let failure else {
            return .corrupt(file: file, detail: "the decoder stopped without saying why")
        }
        return .corrupt(file: file, detail: failure.message)
    }
}
