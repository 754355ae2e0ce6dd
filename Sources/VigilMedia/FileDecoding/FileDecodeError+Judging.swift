import VigilGStreamer

extension FileDecodeError {
    /// The error a person should see for a failed decode, from the most specific cause down:
    /// a photo, something that is not media, media without video, a missing plug-in, damage.
    static func judging(_ failure: PipelineError?, evidence: FileDecodeEvidence, file: String) -> FileDecodeError {
        if let container = evidence.container, container.hasPrefix("image/") {
            return .stillImage(file: file, format: container)
        }
        let offeredVideo = evidence.streams.contains { $0.hasPrefix("video/") }
        if let failure {
            if failure.domain == .resource {
                return .unreadable(file: file, reason: failure.message)
            }
            if failure.is(.typeNotFound) {
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
        if let failure, failure.is(.missingPlugin) || failure.is(.codecNotFound) {
            return .decoderMissing(file: file, detail: "\(failure.message) (container \(evidence.container ?? "unknown"))")
        }
        guard let failure else {
            return .corrupt(file: file, detail: "the decoder stopped without saying why")
        }
        return .corrupt(file: file, detail: failure.message)
    }
}
