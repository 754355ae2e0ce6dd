import VigilCore

/// What the server's detectors say about one frame of the candidate's camera before the call:
/// the candidate may join only when exactly one face is in view and it is lit well enough for
/// the detectors to follow it during the interview. Each failed condition comes with a plain
/// sentence the candidate's page shows next to the disabled Join button.
public struct PreCheckVerdict: Sendable, Equatable, Encodable {
    public enum Reason: String, Sendable, Equatable, Encodable, CaseIterable {
        case noFace = "no_face"
        case severalFaces = "several_faces"
        case tooDark = "too_dark"

        /// What the candidate should do about it.
        public var message: String {
            switch self {
            case .noFace: "Your face is not visible: sit in front of the camera, facing it."
            case .severalFaces: "More than one person is in view: only you should be on camera."
            case .tooDark: "Your face is too dark: turn on a light in front of you or face a window."
            }
        }
    }

    public struct Problem: Sendable, Equatable, Encodable {
        public var code: Reason
        public var message: String
    }

    public var ok: Bool { reasons.isEmpty }
    public var reasons: [Problem]
    /// Faces the detector found.
    public var faces: Int
    /// Mean luma (BT.601, 0…255) inside the face box; nil without exactly one face.
    public var faceLuminance: Double?

    /// Below this mean face luma the face is judged too dark (a lit face reads 90–180; a face
    /// by a screen's light alone in a dark room about 30–50).
    public static let minimumFaceLuminance = 60.0

    public init(faces: [FaceObservation], in frame: VideoFrame) {
        self.faces = faces.count
        var problems: [Reason] = []
        if faces.isEmpty { problems.append(.noFace) }
        if faces.count > 1 { problems.append(.severalFaces) }
        if faces.count == 1 {
            let luminance = Self.meanLuminance(of: faces[0].box, in: frame)
            faceLuminance = luminance
            if luminance < Self.minimumFaceLuminance { problems.append(.tooDark) }
        }
        reasons = problems.map { Problem(code: $0, message: $0.message) }
    }

    enum CodingKeys: String, CodingKey { case ok, reasons, faces, faceLuminance = "face_luminance" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(faces, forKey: .faces)
        try container.encodeIfPresent(faceLuminance.map { ($0 * 10).rounded() / 10 }, forKey: .faceLuminance)
    }

    /// Mean BT.601 luma of the BGR pixels inside a normalised box (clamped to the frame).
    static func meanLuminance(of box: Box, in frame: VideoFrame) -> Double {
        let left = min(max(Int(box.x * Double(frame.width)), 0), frame.width - 1)
        let top = min(max(Int(box.y * Double(frame.height)), 0), frame.height - 1)
        let right = min(max(Int((box.x + box.width) * Double(frame.width)), left + 1), frame.width)
        let bottom = min(max(Int((box.y + box.height) * Double(frame.height)), top + 1), frame.height)
        var sum = 0.0
        frame.pixels.withUnsafeBufferPointer { pixels in
            for row in top..<bottom {
                var index = row * frame.bytesPerRow + left * 3
                for _ in left..<right {
                    sum += 0.114 * Double(pixels[index]) + 0.587 * Double(pixels[index + 1]) + 0.299 * Double(pixels[index + 2])
                    index += 3
                }
            }
        }
        return sum / Double((right - left) * (bottom - top))
    }
}
