import Foundation

// Helpers every benchmark uses: timings in milliseconds, medians, one JSON object per line.
func ms(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// One JSON object per line: {"bench", "metric", "value", "unit", …extra}.
func emit(_ bench: String, _ metric: String, _ value: Double, _ unit: String, _ extra: [String: Any] = [:]) {
    var object: [String: Any] = ["bench": bench, "metric": metric, "value": (value * 1000).rounded() / 1000, "unit": unit]
    object.merge(extra) { a, _ in a }
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

