extension SessionPolicy {
    /// A policy from what a client sent (`POST /api/sessions`'s `policy`, `vigil analyze
    /// --policy FILE`): the preset (default `standard`), then each check, threshold and price
    /// given changes it. Every field is checked; the first bad one is reported by its path.
    public static func validated(_ value: PolicyValue, field: String = "policy") throws(PolicyError) -> SessionPolicy {
        guard case .object(let fields) = value else {
            throw PolicyError(.invalidValue, field: field, "must be an object such as {\"preset\": \"strict\", \"checks\": {\"eyes_closed\": false}}, not \(value.described)")
        }
        let known = ["preset", "checks", "thresholds", "prices", "customised"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw PolicyError(.unknownField, field: "\(field).\(unknown)", "is not a policy field; use preset, checks, thresholds or prices")
        }
        var policy = SessionPolicy.standard
        if let preset = fields["preset"] {
            guard case .string(let name) = preset, let chosen = PolicyPreset(rawValue: name) else {
                throw PolicyError(.unknownPreset, field: "\(field).preset", "unknown preset \(preset.described); use one of: \(PolicyPreset.wireNames)")
            }
            policy = chosen.policy
        }
        if let checks = fields["checks"] {
            for (name, on) in try object(checks, field: "\(field).checks").sorted(by: { $0.key < $1.key }) {
                guard let kind = EventKind(rawValue: name) else {
                    throw PolicyError(.unknownCheck, field: "\(field).checks.\(name)", "no such check; checks are the event kinds: \(EventKind.wireNames)")
                }
                guard case .bool(let enabled) = on else {
                    throw PolicyError(.invalidValue, field: "\(field).checks.\(name)", "must be true or false, not \(on.described)")
                }
                if enabled { policy.disabledChecks.remove(kind) } else { policy.disabledChecks.insert(kind) }
            }
        }
        if let thresholds = fields["thresholds"] {
            let table = PolicyThreshold.all
            for (name, given) in try object(thresholds, field: "\(field).thresholds").sorted(by: { $0.key < $1.key }) {
                guard let threshold = table.first(where: { $0.name == name }) else {
                    throw PolicyError(.unknownThreshold, field: "\(field).thresholds.\(name)", "no such threshold; use one of: \(PolicyThreshold.wireNames)")
                }
                let path = "\(field).thresholds.\(name)"
                let number = try number(given, field: path, range: threshold.range)
                if threshold.whole, number != number.rounded() {
                    throw PolicyError(.invalidValue, field: path, "must be a whole number, not \(number)")
                }
                threshold.set(&policy.thresholds, number)
            }
            if policy.thresholds.objectMinHits > policy.thresholds.objectWindow {
                throw PolicyError(.invalidValue, field: "\(field).thresholds.object_min_hits",
                                  "must be at most object_window (\(policy.thresholds.objectWindow)), not \(policy.thresholds.objectMinHits)")
            }
        }
        if let prices = fields["prices"] {
            for (name, given) in try object(prices, field: "\(field).prices").sorted(by: { $0.key < $1.key }) {
                guard let kind = EventKind(rawValue: name) else {
                    throw PolicyError(.unknownCheck, field: "\(field).prices.\(name)", "no such event kind; use one of: \(EventKind.wireNames)")
                }
                var rate = policy.prices.rate(for: kind)
                for (part, amount) in try object(given, field: "\(field).prices.\(name)").sorted(by: { $0.key < $1.key }) {
                    let path = "\(field).prices.\(name).\(part)"
                    let points = try number(amount, field: path, range: 0...100)
                    switch part {
                    case "per_event": rate.perEvent = points
                    case "per_minute": rate.perMinute = points
                    case "cap": rate.cap = points
                    default: throw PolicyError(.unknownField, field: path, "is not a price field; use per_event, per_minute or cap")
                    }
                }
                policy.prices.rates[kind] = rate
            }
        }
        return policy
    }

    private static func object(_ value: PolicyValue, field: String) throws(PolicyError) -> [String: PolicyValue] {
        guard case .object(let fields) = value else {
            throw PolicyError(.invalidValue, field: field, "must be an object, not \(value.described)")
        }
        return fields
    }

    private static func number(_ value: PolicyValue, field: String, range: ClosedRange<Double>) throws(PolicyError) -> Double {
        guard case .number(let number) = value, number.isFinite else {
            throw PolicyError(.invalidValue, field: field, "must be a number, not \(value.described)")
        }
        guard range.contains(number) else {
            throw PolicyError(.invalidValue, field: field,
                              "must be between \(ReportNumber.text(range.lowerBound)) and \(ReportNumber.text(range.upperBound)), not \(ReportNumber.text(number))")
        }
        return number
    }
}

/// Whole numbers without decimals, others as given, for messages and reports.
enum ReportNumber {
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
