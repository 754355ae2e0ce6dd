/// A 2-D affine map `p' = A·p + t`, used to cut model inputs out of frames (letterboxes, rotated
/// face crops, eye crops) and to map the model's answers back to frame pixels.
struct AffineTransform: Sendable, Equatable {
    var a, b, c, d, tx, ty: Double

    static let identity = AffineTransform(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)

    /// Row-major 2x3 as OpenCV's warpAffine wants it.
    var rowMajor: [Double] { [a, b, tx, c, d, ty] }

    func apply(_ p: Point) -> Point {
        Point(x: a * p.x + b * p.y + tx, y: c * p.x + d * p.y + ty)
    }

    var inverted: AffineTransform {
        let det = a * d - b * c
        let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
        return AffineTransform(a: ia, b: ib, c: ic, d: id, tx: -(ia * tx + ib * ty), ty: -(ic * tx + id * ty))
    }

    /// Maps the square of side `side` centred on `center`, rotated by `angle` radians, onto a
    /// `size` × `size` canvas (the crop's "up" follows the rotation). Optionally mirrored.
    static func crop(center: Point, side: Double, angle: Double, size: Int, mirrored: Bool = false) -> AffineTransform {
        let scale = Double(size) / side
        let cosA = cos(angle) * scale, sinA = sin(angle) * scale
        let flip: Double = mirrored ? -1 : 1
        // Destination = R(-angle)·(p − center)·scale (x mirrored if asked) + size/2.
        let a = flip * cosA, b = flip * sinA
        let c = -sinA, d = cosA
        let half = Double(size) / 2
        return AffineTransform(a: a, b: b, c: c, d: d,
                               tx: half - (a * center.x + b * center.y), ty: half - (c * center.x + d * center.y))
    }

    /// Scales a `width` × `height` image to fit a `targetWidth` × `targetHeight` canvas, centred.
    static func fit(width: Int, height: Int, into targetWidth: Int, _ targetHeight: Int) -> AffineTransform {
        let scale = min(Double(targetWidth) / Double(width), Double(targetHeight) / Double(height))
        return AffineTransform(a: scale, b: 0, c: 0, d: scale,
                               tx: (Double(targetWidth) - Double(width) * scale) / 2, ty: (Double(targetHeight) - Double(height) * scale) / 2)
    }

    /// Scales a `width` × `height` image to fit `side` × `side`, anchored top-left (YOLOX) or
    /// centred (BlazeFace).
    static func letterbox(width: Int, height: Int, side: Int, centred: Bool) -> AffineTransform {
        let scale = min(Double(side) / Double(width), Double(side) / Double(height))
        let dx = centred ? (Double(side) - Double(width) * scale) / 2 : 0
        let dy = centred ? (Double(side) - Double(height) * scale) / 2 : 0
        return AffineTransform(a: scale, b: 0, c: 0, d: scale, tx: dx, ty: dy)
    }
}

import Foundation
