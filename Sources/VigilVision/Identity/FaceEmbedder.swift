import CFaceEmbedding
import Foundation
import VigilCore

/// The identity descriptor of a face: the face is aligned from its mesh points
/// (`FaceChipAlignment`), cut out at 150x150 and run through dlib's face recognition ResNet
/// (`dlib_face_recognition_resnet_model_v1.dat`, Debian's libdlib through the CFaceEmbedding
/// shim). About 70 ms on one core, so the identity check runs on about one frame a second, not on
/// every analysed frame. Used from one thread at a time, like the analyzer that owns it.
final class FaceEmbedder {
    private let network: OpaquePointer

    init(modelPath: String) throws(VisionError) {
        var error = [CChar](repeating: 0, count: 512)
        guard let network = fe_network_load(modelPath, &error, error.count) else {
            throw .dlibUnloadable(file: modelPath, reason: Self.text(error))
        }
        self.network = network
    }

    deinit { fe_network_free(network) }

    /// The descriptor and sharpness of the face with these landmarks.
    func sample(for landmarks: FaceLandmarks, in image: Image) throws(VisionError) -> IdentitySample {
        let side = FaceChipAlignment.side
        let chip = try image.warped(FaceChipAlignment.transform(for: landmarks), width: side, height: side)
        guard let pixels = chip.pixels else { throw .imageFailed(operation: "cutting out the face chip", reason: Image.lastError) }
        // BGR rows with padding → tightly packed RGB, and the grey chip for the sharpness.
        var rgb = [UInt8](repeating: 0, count: side * side * 3)
        var grey = [Double](repeating: 0, count: side * side)
        for row in 0..<side {
            let line = pixels.base + row * pixels.bytesPerRow
            for column in 0..<side {
                let b = line[column * 3], g = line[column * 3 + 1], r = line[column * 3 + 2]
                let i = row * side + column
                rgb[i * 3] = r
                rgb[i * 3 + 1] = g
                rgb[i * 3 + 2] = b
                grey[i] = 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)
            }
        }
        var values = [Float](repeating: 0, count: Int(FE_DESCRIPTOR_LENGTH))
        var error = [CChar](repeating: 0, count: 512)
        let status = fe_network_describe(network, rgb, &values, &error, error.count)
        guard status == 0 else { throw .inferenceFailed(model: "dlib face recognition ResNet", reason: Self.text(error)) }
        return IdentitySample(descriptor: FaceDescriptor(values: values), sharpness: Self.sharpness(grey, side: side))
    }

    /// The NUL-terminated message the shim wrote.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Mean squared 4-neighbour Laplacian over the chip's inner part (blur makes it small).
    static func sharpness(_ grey: [Double], side: Int) -> Double {
        var sum = 0.0, count = 0
        let margin = side / 6
        for y in margin..<(side - margin) {
            for x in margin..<(side - margin) {
                let i = y * side + x
                let laplacian = grey[i - 1] + grey[i + 1] + grey[i - side] + grey[i + side] - 4 * grey[i]
                sum += laplacian * laplacian
                count += 1
            }
        }
        return count > 0 ? sum / Double(count) : 0
    }
}
