import Foundation

/// A face's identity descriptor: the 128 numbers the face recognition network gives for an
/// aligned face, where faces of one person lie close together (Euclidean distance) and faces of
/// different people far apart. Vigil only compares it with the session's own enrolment; it never
/// names anyone and is deleted with the session.
public struct FaceDescriptor: Sendable, Codable, Equatable {
    public var values: [Float]

    public init(values: [Float]) { self.values = values }

    public func distance(to other: FaceDescriptor) -> Double {
        var sum = 0.0
        for (a, b) in zip(values, other.values) { sum += Double(a - b) * Double(a - b) }
        return sum.squareRoot()
    }

    /// The element-wise mean (the enrolment of several frames), nil for none or mixed lengths.
    public static func mean(_ descriptors: [FaceDescriptor]) -> FaceDescriptor? {
        guard let first = descriptors.first, descriptors.allSatisfy({ $0.values.count == first.values.count }) else { return nil }
        var sum = [Double](repeating: 0, count: first.values.count)
        for descriptor in descriptors { for (i, v) in descriptor.values.enumerated() { sum[i] += Double(v) } }
        return FaceDescriptor(values: sum.map { Float($0 / Double(descriptors.count)) })
    }

    /// Little-endian float32 bytes, for storage.
    public var bytes: [UInt8] {
        values.flatMap { value -> [UInt8] in
            let bits = value.bitPattern.littleEndian
            return [UInt8(bits & 0xff), UInt8((bits >> 8) & 0xff), UInt8((bits >> 16) & 0xff), UInt8(bits >> 24)]
        }
    }

    /// The descriptor stored as `bytes`; nil when the length is not a multiple of four.
    public init?(bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count % 4 == 0 else { return nil }
        values = stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }
}
