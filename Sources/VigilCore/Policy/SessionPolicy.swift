/// How one interview is proctored: which checks run, the rules' thresholds and what each kind of
/// event costs. Chosen when the session is created (a preset, optionally changed field by field),
/// stored with it, and carried by its report, so a score can always be traced to the numbers that
/// produced it. Sessions stored before policies existed read as `standard`.
public struct SessionPolicy: Sendable, Equatable {
    /// The preset the policy started from (its other fields may differ from it).
    public var preset: PolicyPreset
    /// Checks that raise no event in this session.
    public var disabledChecks: Set<EventKind>
    public var thresholds: RuleThresholds
    /// What each kind of event costs, and the verdict bands.
    public var prices: ScoringPolicy

    public init(preset: PolicyPreset, disabledChecks: Set<EventKind>, thresholds: RuleThresholds, prices: ScoringPolicy) {
        self.preset = preset
        self.disabledChecks = disabledChecks
        self.thresholds = thresholds
        self.prices = prices
    }

    /// Today's documented policy.
    public static var standard: SessionPolicy { PolicyPreset.standard.policy }

    public func isEnabled(_ kind: EventKind) -> Bool { !disabledChecks.contains(kind) }

    /// The checks that run, in `EventKind` order.
    public var enabledChecks: [EventKind] { EventKind.allCases.filter(isEnabled) }

    /// Whether some field was changed from the preset's own value.
    public var isCustomised: Bool { self != preset.policy }

    /// "standard", or "strict, customised".
    public var name: String { preset.rawValue + (isCustomised ? ", customised" : "") }
}
