/// How far the lips are apart, from face-mesh points: the gap between the inner lips (13 upper,
/// 14 lower) over the mouth's width (corners 78 and 308) — the mouth aspect ratio. A closed mouth
/// measures under 0.05; speech moves it between about 0.05 and 0.5. One frame says little (a
/// mouth can rest open); the audio rule judges its change over time.
struct MouthOpening: Sendable, Equatable {
    static let upperLip = 13, lowerLip = 14, leftCorner = 78, rightCorner = 308

    var ratio: Double

    init(_ landmarks: FaceLandmarks) {
        let width = landmarks[Self.leftCorner].distance(to: landmarks[Self.rightCorner])
        ratio = width > 0 ? landmarks[Self.upperLip].distance(to: landmarks[Self.lowerLip]) / width : 0
    }
}
