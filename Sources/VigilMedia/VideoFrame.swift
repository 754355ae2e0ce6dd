import VigilCore

/// `VideoFrame` is defined in VigilCore (shared with VigilVision, which must not depend on
/// VigilMedia); re-exported here so media code can name it without importing the core.
public typealias VideoFrame = VigilCore.VideoFrame
