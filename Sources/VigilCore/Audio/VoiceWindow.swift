/// What the voice activity detector measured on one short stretch of a microphone (100 ms):
/// whether it held speech and how loud it was. The rules see audio only through these.
public struct VoiceWindow: Sendable, Codable, Equatable {
    /// Whether the detector heard speech in the window (see `VoiceActivityDetector`).
    public var speech: Bool
    /// Loudest 20 ms frame of the window, in dBFS (0 = full scale; digital silence is -120).
    public var level: Double
    /// Seconds of audio in the window.
    public var duration: Double

    public init(speech: Bool, level: Double, duration: Double) {
        self.speech = speech
        self.level = level
        self.duration = duration
    }
}
