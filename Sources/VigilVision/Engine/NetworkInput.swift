internal import COpenVINO

/// How a network wants its input: the frame code hands it 8-bit BGR pixels (NHWC, the cut-out
/// image as OpenCV holds it), and OpenVINO's pre-processing, compiled into the model, turns them
/// into the model's float input: (pixel − mean) / scale, channels reversed to RGB when `rgb`.
struct NetworkInput: Sendable, Equatable {
    /// The model's own layout of its input: "NHWC" (TFLite) or "NCHW" (ONNX exports).
    var layout: String
    var rgb: Bool
    var mean: Float
    var scale: Float
}
