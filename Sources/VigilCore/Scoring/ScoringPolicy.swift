/// What each kind of event costs. A kind costs `perEvent` for every event plus `perMinute` for
/// every minute the events lasted, and never more than `cap` in total, so one long glitch cannot
/// sink a score on its own. The table is documented in README; change both together.
public struct ScoringPolicy: Sendable, Codable, Equatable {
    public struct Rate: Sendable, Codable, Equatable {
        public var perEvent: Double
        public var perMinute: Double
        public var cap: Double

        public init(perEvent: Double, perMinute: Double, cap: Double) {
            self.perEvent = perEvent
            self.perMinute = perMinute
            self.cap = cap
        }
    }

    public var rates: [EventKind: Rate]
    /// Scores at or above this are "clear".
    public var clearFrom: Double
    /// Scores at or above this (and below `clearFrom`) need review; below it, high risk.
    public var reviewFrom: Double

    public init(rates: [EventKind: Rate], clearFrom: Double = 85, reviewFrom: Double = 60) {
        self.rates = rates
        self.clearFrom = clearFrom
        self.reviewFrom = reviewFrom
    }

    public func rate(for kind: EventKind) -> Rate {
        rates[kind] ?? Rate(perEvent: 0, perMinute: 0, cap: 0)
    }

    /// The default table. A phone in view costs far more than a glance away.
    public static let standard = ScoringPolicy(rates: [
        .lookingAway: Rate(perEvent: 2, perMinute: 2, cap: 15),
        .noFace: Rate(perEvent: 5, perMinute: 5, cap: 25),
        .multipleFaces: Rate(perEvent: 10, perMinute: 10, cap: 30),
        .eyesClosed: Rate(perEvent: 1, perMinute: 1, cap: 10),
        .phone: Rate(perEvent: 15, perMinute: 10, cap: 40),
        .book: Rate(perEvent: 10, perMinute: 5, cap: 30),
        .device: Rate(perEvent: 10, perMinute: 5, cap: 30),
        .tabHidden: Rate(perEvent: 5, perMinute: 5, cap: 20),
        .windowBlur: Rate(perEvent: 2, perMinute: 2, cap: 10),
        .fullscreenExit: Rate(perEvent: 3, perMinute: 0, cap: 15),
        .copyPaste: Rate(perEvent: 5, perMinute: 0, cap: 20),
        // Unobserved time: small per drop (networks fail), more per minute away.
        .candidateDisconnected: Rate(perEvent: 1, perMinute: 5, cap: 20),
        // Another voice in the room is a strong sign of help; a silent microphone only means the
        // proctor cannot hear the room.
        .backgroundVoice: Rate(perEvent: 10, perMinute: 5, cap: 30),
        .noAudio: Rate(perEvent: 2, perMinute: 2, cap: 10),
        // A stand-in is the most serious finding, but a reviewer must confirm it from the snapshot.
        .identityMismatch: Rate(perEvent: 25, perMinute: 10, cap: 50),
    ])
}
