extension FilledDescription {
    /// One description made of two (a proctor's pipeline is `participant.pipeline` and
    /// `proctor-audio.pipeline`): gst-launch joins them as separate chains of one pipeline.
    func appending(_ other: FilledDescription) -> FilledDescription {
        FilledDescription(file: "\(file) + \(other.file)", text: text + "\n" + other.text)
    }
}
