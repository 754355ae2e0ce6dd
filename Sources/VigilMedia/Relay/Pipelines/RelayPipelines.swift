import Foundation

/// The relay's pipeline files, read once when the relay starts so that a missing file fails at
/// start-up and not in the middle of an interview.
public struct RelayPipelines: Sendable {
    public let participant: PipelineTemplate
    public let candidateVideoIn: PipelineTemplate
    public let passthroughVideoIn: PipelineTemplate
    public let audioIn: PipelineTemplate

    public init(folder: URL) throws(MediaError) {
        participant = try .load("participant.pipeline", from: folder)
        candidateVideoIn = try .load("candidate-video-in.pipeline", from: folder)
        passthroughVideoIn = try .load("passthrough-video-in.pipeline", from: folder)
        audioIn = try .load("audio-in.pipeline", from: folder)
    }
}
