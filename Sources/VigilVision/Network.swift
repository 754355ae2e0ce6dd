import CVision

/// One ONNX network loaded into OpenCV's dnn module. Not Sendable: a cv::dnn::Net must not run
/// two forward passes at once, so each analyzer owns its networks.
final class Network {
    let name: String
    private let handle: OpaquePointer
    private let outputNames: [String]?

    init(path: String, name: String, outputNames: [String]? = nil) throws(VisionError) {
        var error = [CChar](repeating: 0, count: 512)
        guard let handle = cv_net_load_onnx(path, &error, error.count) else {
            throw .modelUnloadable(file: path, reason: String(cString: error))
        }
        self.name = name
        self.handle = handle
        self.outputNames = outputNames
    }

    deinit { cv_net_free(handle) }

    /// Runs the net on `image` (already at the input size): input = (pixel − mean) × scale,
    /// channels swapped to RGB when `swapRB`. Returns each output's floats.
    func forward(_ image: Image, scale: Double, mean: (Double, Double, Double) = (0, 0, 0), swapRB: Bool) throws(VisionError) -> [[Float]] {
        var error = [CChar](repeating: 0, count: 512)
        let means = [mean.0, mean.1, mean.2]
        let tensors: OpaquePointer? = means.withUnsafeBufferPointer { meanPointer in
            guard let outputNames else {
                return cv_net_forward(handle, image.handle, scale, meanPointer.baseAddress, swapRB ? 1 : 0, nil, 0, &error, error.count)
            }
            let cNames = outputNames.map { strdup($0) }
            defer { cNames.forEach { free($0) } }
            let constNames = cNames.map { UnsafePointer($0) }
            return constNames.withUnsafeBufferPointer {
                cv_net_forward(handle, image.handle, scale, meanPointer.baseAddress, swapRB ? 1 : 0, $0.baseAddress, Int32($0.count), &error, error.count)
            }
        }
        guard let tensors else { throw .inferenceFailed(model: name, reason: String(cString: error)) }
        defer { cv_tensors_free(tensors) }
        return (0..<cv_tensors_count(tensors)).map { index in
            var count = 0
            let data = cv_tensor_data(tensors, index, &count)!
            return Array(UnsafeBufferPointer(start: data, count: count))
        }
    }
}

import Glibc
