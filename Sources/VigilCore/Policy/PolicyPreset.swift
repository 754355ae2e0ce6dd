/// The named policies an operator picks from when creating a session. `standard` is the product's
/// documented policy (`RuleThresholds.standard`, `ScoringPolicy.standard`, every check on);
/// `strict` flags sooner and costs more; `lenient` waits longer, costs less and leaves out the
/// page checks that a candidate with a second monitor or a note-taking window trips all the time.
/// The values are listed in README; change both together.
public enum PolicyPreset: String, CaseIterable, Codable, Sendable {
    case standard
    case strict
    case lenient

    /// The preset's full policy.
    public var policy: SessionPolicy {
        switch self {
        case .standard:
            SessionPolicy(preset: .standard, disabledChecks: [], thresholds: .standard, prices: .standard)
        case .strict:
            SessionPolicy(preset: .strict, disabledChecks: [], thresholds: Self.strictThresholds,
                          prices: Self.scaled(.standard, by: 1.5))
        case .lenient:
            SessionPolicy(preset: .lenient, disabledChecks: [.windowBlur, .fullscreenExit, .eyesClosed],
                          thresholds: Self.lenientThresholds, prices: Self.scaled(.standard, by: 0.5))
        }
    }

    /// One line for pickers and reports.
    public var summary: String {
        switch self {
        case .standard: "the documented defaults: every check on"
        case .strict: "flags sooner (e.g. no face after 5 s, looking away after 3 s), prices ×1.5"
        case .lenient: "waits longer (e.g. no face after 20 s, looking away after 10 s), prices ×0.5, no window-focus, fullscreen or eyes-closed checks"
        }
    }

    public static var wireNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    static var strictThresholds: RuleThresholds {
        var t = RuleThresholds.standard
        t.lookingAwaySeconds = 3
        t.noFaceSeconds = 5
        t.multipleFacesSeconds = 1
        t.eyesClosedSeconds = 2
        t.phoneAtEarSeconds = 3
        t.backgroundVoiceSeconds = 1.5
        t.noAudioSeconds = 20
        t.identityMismatchSeconds = 2
        return t
    }

    static var lenientThresholds: RuleThresholds {
        var t = RuleThresholds.standard
        t.lookingAwaySeconds = 10
        t.noFaceSeconds = 20
        t.multipleFacesSeconds = 4
        t.eyesClosedSeconds = 6
        t.phoneAtEarSeconds = 6
        t.backgroundVoiceSeconds = 4
        t.noAudioSeconds = 60
        t.identityMismatchSeconds = 5
        return t
    }

    /// Every price times `factor`, caps at most 100.
    static func scaled(_ prices: ScoringPolicy, by factor: Double) -> ScoringPolicy {
        var scaled = prices
        scaled.rates = prices.rates.mapValues {
            .init(perEvent: $0.perEvent * factor, perMinute: $0.perMinute * factor, cap: min(100, $0.cap * factor))
        }
        return scaled
    }
}
