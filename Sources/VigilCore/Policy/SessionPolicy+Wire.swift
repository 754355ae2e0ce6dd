/// The policy as JSON: `{"preset", "customised", "checks": {kind: bool, …every kind},
/// "thresholds": {name: number, …every threshold}, "prices": {kind: {"per_event", "per_minute",
/// "cap"}, …}}`. The same shape is accepted by `POST /api/sessions` (any part may be left out:
/// it comes from the preset), stored with the session and printed in its reports.
extension SessionPolicy: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var root = encoder.container(keyedBy: Key.self)
        try root.encode(preset.rawValue, forKey: Key("preset"))
        try root.encode(isCustomised, forKey: Key("customised"))
        var checks = root.nestedContainer(keyedBy: Key.self, forKey: Key("checks"))
        for kind in EventKind.allCases { try checks.encode(isEnabled(kind), forKey: Key(kind.rawValue)) }
        var numbers = root.nestedContainer(keyedBy: Key.self, forKey: Key("thresholds"))
        for threshold in PolicyThreshold.all {
            let value = threshold.value(in: thresholds)
            if threshold.whole { try numbers.encode(Int(value), forKey: Key(threshold.name)) } else { try numbers.encode(value, forKey: Key(threshold.name)) }
        }
        var rates = root.nestedContainer(keyedBy: Key.self, forKey: Key("prices"))
        for kind in EventKind.allCases {
            let rate = prices.rate(for: kind)
            var one = rates.nestedContainer(keyedBy: Key.self, forKey: Key(kind.rawValue))
            try one.encode(rate.perEvent, forKey: Key("per_event"))
            try one.encode(rate.perMinute, forKey: Key("per_minute"))
            try one.encode(rate.cap, forKey: Key("cap"))
        }
    }

    public init(from decoder: any Decoder) throws {
        let value = try PolicyValue(from: decoder)
        do {
            self = try SessionPolicy.validated(value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}
