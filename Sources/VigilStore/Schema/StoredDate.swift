import Foundation

/// How dates are written to and read from the database.
extension Date {
    /// Stored as seconds since 1970 (a DOUBLE), which keeps sub-millisecond precision and sorts.
    var storedValue: Double { timeIntervalSince1970 }
    init(stored: Double) { self.init(timeIntervalSince1970: stored) }
}
