/// How open the eyes are, from the eye aspect ratio (EAR: eyelid gap over eye width, Soukupová
/// and Čech 2016) on face-mesh points. Open eyes measure about 0.25–0.31, shut ones under 0.1.
struct EyeOpenness: Sendable, Equatable {
    /// EAR of the person's right and left eye.
    var right: Double
    var left: Double

    /// Corner, upper lid ×2, corner, lower lid ×2 — as (p1, p2, p3, p4, p5, p6) of the EAR paper.
    static let rightEye = [33, 160, 158, 133, 153, 144]
    static let leftEye = [362, 385, 387, 263, 373, 380]

    /// EAR at which an eye counts as fully open (1.0) and as shut (0.0).
    static let openEAR = 0.25
    static let shutEAR = 0.05

    init(_ landmarks: FaceLandmarks) {
        right = Self.aspectRatio(Self.rightEye.map { landmarks[$0] })
        left = Self.aspectRatio(Self.leftEye.map { landmarks[$0] })
    }

    static func aspectRatio(_ p: [Point]) -> Double {
        let width = p[0].distance(to: p[3])
        guard width > 0 else { return 0 }
        return (p[1].distance(to: p[5]) + p[2].distance(to: p[4])) / (2 * width)
    }

    /// Mean EAR mapped to 0 (shut) ... 1 (open), the scale of `FaceObservation.eyesOpen`.
    var openRatio: Double {
        let ear = (right + left) / 2
        return min(1, max(0, (ear - Self.shutEAR) / (Self.openEAR - Self.shutEAR)))
    }
}
