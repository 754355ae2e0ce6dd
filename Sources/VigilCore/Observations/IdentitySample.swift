/// The identity measurement of a frame's main (largest) face, taken on some frames only (about
/// one a second: the network costs ~70 ms): its descriptor and how sharp the aligned face was.
public struct IdentitySample: Sendable, Codable, Equatable {
    public var descriptor: FaceDescriptor
    /// Mean squared Laplacian of the aligned grey face chip; low values mean blur.
    public var sharpness: Double

    public init(descriptor: FaceDescriptor, sharpness: Double) {
        self.descriptor = descriptor
        self.sharpness = sharpness
    }
}
