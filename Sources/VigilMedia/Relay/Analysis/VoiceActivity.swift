import Foundation
import VigilCore

/// One voice window of one microphone and when it ended (wall clock, on arrival at the relay).
public struct VoiceActivity: Sendable {
    public let source: VoiceSource
    public let window: VoiceWindow
    public let end: Date
}
