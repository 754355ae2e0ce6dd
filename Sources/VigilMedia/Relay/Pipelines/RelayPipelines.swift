import Foundation

/// The relay's pipeline files, read once when the relay starts so that a missing file fails at
/// start-up and not in the middle of an interview.
public struct RelayPipelines: Sendable {
    public let participant: PipelineTemplate
    public let candidateVideoIn: PipelineTemplate
    public let passthroughVideoIn: PipelineTemplate
    public let audioIn: PipelineTemplate
    /// Appended to `participant` for proctors: the interviewer's audio as a second audio track.
    public let proctorAudio: PipelineTemplate
    /// The session's WebM recording (`SessionRecorder`).
    public let recording: PipelineTemplate
    /// Cutting an event's clip out of a recording (`RecordingClip`).
    public let clip: PipelineTemplate

    public init(folder: URL) throws(MediaError) {
        participant = try .load("participant.pipeline", from: folder)
        candidateVideoIn = try .load("candidate-video-in.pipeline", from: folder)
        passthroughVideoIn = try .load("passthrough-video-in.pipeline", from: folder)
        audioIn = try .load("audio-in.pipeline", from: folder)
        proctorAudio = try .load("proctor-audio.pipeline", from: folder)
        recording = try .load("recording.pipeline", from: folder)
        clip = try .load("clip.pipeline", from: folder)
    }
}
