import Foundation

/// Where a face is cut out for the face recognition network: the similarity transform (rotation,
/// scale, shift) that puts five face-mesh points where dlib's `get_face_chip_details` puts its
/// five landmarks (size 150, padding 0.25, the values the ResNet was trained with). The mesh
/// already gives these points, so no landmark model of dlib's is needed.
struct FaceChipAlignment {
    static let side = 150
    static let padding = 0.25

    /// Mesh indices in dlib's 5-point order: the eye corners on the image's right (outer, inner),
    /// on its left (outer, inner), the base of the nose.
    static let meshPoints = [263, 362, 33, 133, 2]

    /// dlib's template for those points in a unit chip without padding (interpolation.h).
    static let template: [Point] = [
        Point(x: 0.8595674595992, y: 0.2134981538014), Point(x: 0.6460604764104, y: 0.2289674387677),
        Point(x: 0.1205750620789, y: 0.2137274526848), Point(x: 0.3340850613712, y: 0.2290642403242),
        Point(x: 0.4901123135679, y: 0.6277975316475),
    ]

    /// Frame pixels → chip pixels for the face with these landmarks.
    static func transform(for landmarks: FaceLandmarks) -> AffineTransform {
        let source = meshPoints.map { landmarks[$0] }
        let target = template.map {
            Point(x: (padding + $0.x) / (2 * padding + 1) * Double(side), y: (padding + $0.y) / (2 * padding + 1) * Double(side))
        }
        return similarity(from: source, to: target)
    }

    /// The least-squares similarity transform mapping `source` onto `target` (Umeyama, 2-D).
    static func similarity(from source: [Point], to target: [Point]) -> AffineTransform {
        let n = Double(source.count)
        let sx = source.map(\.x).reduce(0, +) / n, sy = source.map(\.y).reduce(0, +) / n
        let tx = target.map(\.x).reduce(0, +) / n, ty = target.map(\.y).reduce(0, +) / n
        var dot = 0.0, cross = 0.0, norm = 0.0
        for (p, q) in zip(source, target) {
            let px = p.x - sx, py = p.y - sy, qx = q.x - tx, qy = q.y - ty
            dot += px * qx + py * qy
            cross += px * qy - py * qx
            norm += px * px + py * py
        }
        guard norm > 0 else { return .identity }
        let a = dot / norm, b = cross / norm
        return AffineTransform(a: a, b: -b, c: b, d: a, tx: tx - (a * sx - b * sy), ty: ty - (b * sx + a * sy))
    }
}
