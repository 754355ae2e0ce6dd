import CVision
import Foundation

/// Head rotation in degrees, from six face-mesh landmarks fitted to a generic 3-D face with
/// OpenCV's solvePnP. Yaw: turning left/right; pitch: nodding up/down; roll: tilting.
public struct HeadPose: Sendable, Equatable {
    public var yaw: Double
    public var pitch: Double
    public var roll: Double

    /// Mesh indices: nose tip, chin, outer corners of the eyes, corners of the mouth, forehead.
    static let landmarkIndices = [1, 152, 33, 263, 61, 291, 10]

    /// The same points on MediaPipe's canonical face model (canonical_face_model.obj, Apache-2.0;
    /// centimetres, x to the viewer's right, y up, z toward the viewer), the geometry the mesh
    /// model was trained on. Expressed in the camera's frame (y down, z away) by flipping y and
    /// z, so a face looking into the camera gives a rotation near identity.
    static let modelPoints: [(Double, Double, Double)] = [
        (0, -1.126865, 7.475604), (0, -9.403378, 4.264492),
        (-4.445859, 2.663991, 3.173422), (4.445859, 2.663991, 3.173422),
        (-2.456206, -4.342621, 4.283884), (2.456206, -4.342621, 4.283884),
        (0, 8.261778, 4.481535),
    ].map { ($0.0, -$0.1, -$0.2) }

    /// Estimates the pose for landmarks in a `width` × `height` frame, assuming a focal length
    /// of one frame width (a typical webcam field of view). Nil when solvePnP fails.
    static func estimate(_ landmarks: FaceLandmarks, width: Int, height: Int) -> HeadPose? {
        let objects = modelPoints.flatMap { [$0.0, $0.1, $0.2] }
        let images = landmarkIndices.flatMap { [landmarks[$0].x, landmarks[$0].y] }
        var rotation = [Double](repeating: 0, count: 9)
        var translation = [Double](repeating: 0, count: 3)
        let focal = Double(width)
        let solved = cv_solve_pnp(objects, images, Int32(landmarkIndices.count), focal, focal,
                                  Double(width) / 2, Double(height) / 2, &rotation, &translation)
        guard solved == 1 else { return nil }
        // Judge the head against the line of sight to the camera, not the camera's axis: a face
        // near the edge of the frame that looks into the lens is turned relative to the axis.
        var pose = HeadPose(rotation: rotation)
        let degrees = 180 / Double.pi
        pose.yaw -= atan2(translation[0], translation[2]) * degrees
        pose.pitch -= atan2(translation[1], translation[2]) * degrees
        return pose
    }

    /// Euler angles of R = Rz(roll) · Ry(yaw) · Rx(pitch) (row-major 3 × 3).
    init(rotation r: [Double]) {
        let degrees = 180 / Double.pi
        pitch = -atan2(r[7], r[8]) * degrees
        yaw = atan2(-r[6], (r[7] * r[7] + r[8] * r[8]).squareRoot()) * degrees
        roll = atan2(r[3], r[0]) * degrees
    }

    init(yaw: Double, pitch: Double, roll: Double) {
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
    }
}
