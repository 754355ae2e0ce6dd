import Foundation
import VigilCore
import VigilVision

/// A frame after the detectors ran on it, on its way to the session's rules. `arrival` is when
/// the relay received it (it places the frame on the session clock).
public struct AnalysedFrame: Sendable {
    public var frame: VideoFrame
    public var arrival: Date
    /// The observation, or why OpenCV or OpenVINO failed on the frame (it is skipped, not read as
    /// "no face").
    public var observation: Result<Observation, VisionError>

    public init(frame: VideoFrame, arrival: Date, observation: Result<Observation, VisionError>) {
        self.frame = frame
        self.arrival = arrival
        self.observation = observation
    }
}
