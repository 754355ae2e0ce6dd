internal import COpenVINO

/// One model compiled by OpenVINO, with its infer request. Not Sendable: an infer request must
/// not run two inferences at once, so each analyzer owns its networks.
final class Network {
    let name: String
    private let engine: InferenceEngine
    private let compiled: OpaquePointer
    private let request: OpaquePointer
    private let outputCount: Int

    /// Reads the model file (`.tflite` through OpenVINO's TensorFlow Lite front end, `.onnx`
    /// through its ONNX front end), adds the input conversion and compiles it for the CPU.
    /// `inputShape`: the model's input dimensions (in its own layout) to compile for, for a model
    /// whose file fixes another size (CenterFace's ONNX export takes any multiple of 32).
    init(engine: InferenceEngine, path: String, name: String, input: NetworkInput, inputShape: [Int64]? = nil) throws(VisionError) {
        (compiled, request, outputCount) = try EngineSetupLock.withLock { () throws(VisionError) in
            try Self.compile(engine: engine, path: path, input: input, inputShape: inputShape)
        }
        self.name = name
        self.engine = engine
    }

    /// Reads, prepares and compiles the model, and makes its infer request (under the set-up lock).
    private static func compile(engine: InferenceEngine, path: String, input: NetworkInput, inputShape: [Int64]?) throws(VisionError)
        -> (compiled: OpaquePointer, request: OpaquePointer, outputs: Int) {
        func check(_ status: ov_status_e, _ step: String) throws(VisionError) {
            guard status == OK else {
                throw .modelUnloadable(file: path, reason: "\(step): \(InferenceEngine.lastError(status))")
            }
        }
        var model: OpaquePointer?
        try check(ov_core_read_model(engine.core, path, nil, &model), "reading the model")
        defer { ov_model_free(model) }
        if var dims = inputShape {
            var shape = ov_partial_shape_t()
            try check(ov_partial_shape_create_static(Int64(dims.count), &dims, &shape), "describing the input shape \(dims)")
            defer { ov_partial_shape_free(&shape) }
            try check(ov_model_reshape_single_input(model, shape), "reshaping its input to \(dims)")
        }
        var outputs = 0
        try check(ov_model_outputs_size(model, &outputs), "counting its outputs")

        var ppp: OpaquePointer?
        try check(ov_preprocess_prepostprocessor_create(model, &ppp), "creating its pre-processing")
        defer { ov_preprocess_prepostprocessor_free(ppp) }
        var inputInfo: OpaquePointer?
        try check(ov_preprocess_prepostprocessor_get_input_info(ppp, &inputInfo), "finding its input (it must have exactly one)")
        defer { ov_preprocess_input_info_free(inputInfo) }
        var tensorInfo: OpaquePointer?
        try check(ov_preprocess_input_info_get_tensor_info(inputInfo, &tensorInfo), "describing the input tensor")
        defer { ov_preprocess_input_tensor_info_free(tensorInfo) }
        try check(ov_preprocess_input_tensor_info_set_element_type(tensorInfo, U8), "setting the input to 8-bit")
        var pixelLayout: OpaquePointer?
        try check(ov_layout_create("NHWC", &pixelLayout), "making the NHWC layout")
        defer { ov_layout_free(pixelLayout) }
        try check(ov_preprocess_input_tensor_info_set_layout(tensorInfo, pixelLayout), "setting the input layout")
        var steps: OpaquePointer?
        try check(ov_preprocess_input_info_get_preprocess_steps(inputInfo, &steps), "adding pre-processing steps")
        defer { ov_preprocess_preprocess_steps_free(steps) }
        try check(ov_preprocess_preprocess_steps_convert_element_type(steps, F32), "converting to float")
        if input.rgb { try check(ov_preprocess_preprocess_steps_reverse_channels(steps), "reversing BGR to RGB") }
        if input.mean != 0 { try check(ov_preprocess_preprocess_steps_mean(steps, input.mean), "subtracting the mean") }
        if input.scale != 1 { try check(ov_preprocess_preprocess_steps_scale(steps, input.scale), "scaling") }
        var modelInfo: OpaquePointer?
        try check(ov_preprocess_input_info_get_model_info(inputInfo, &modelInfo), "describing the model input")
        defer { ov_preprocess_input_model_info_free(modelInfo) }
        var modelLayout: OpaquePointer?
        try check(ov_layout_create(input.layout, &modelLayout), "making the \(input.layout) layout")
        defer { ov_layout_free(modelLayout) }
        try check(ov_preprocess_input_model_info_set_layout(modelInfo, modelLayout), "setting the model layout")
        var prepared: OpaquePointer?
        try check(ov_preprocess_prepostprocessor_build(ppp, &prepared), "building the pre-processing")
        defer { ov_model_free(prepared) }

        var compiled: OpaquePointer?
        try check(vigil_ov_compile_for_cpu(engine.core, prepared, Int32(engine.threads), &compiled), "compiling for the CPU")
        guard let compiled else { throw .modelUnloadable(file: path, reason: "OpenVINO returned no compiled model") }
        var request: OpaquePointer?
        let status = ov_compiled_model_create_infer_request(compiled, &request)
        guard status == OK, let request else {
            let reason = InferenceEngine.lastError(status)
            ov_compiled_model_free(compiled)
            throw .modelUnloadable(file: path, reason: "creating an infer request: \(reason)")
        }
        return (compiled, request, outputs)
    }

    deinit {
        EngineSetupLock.withLock {
            ov_infer_request_free(request)
            ov_compiled_model_free(compiled)
        }
    }

    /// Runs the net on `image` (already cut out at the input size). Returns each output's floats,
    /// in the model's output order.
    func forward(_ image: Image) throws(VisionError) -> [[Float]] {
        func check(_ status: ov_status_e, _ step: String) throws(VisionError) {
            guard status == OK else { throw .inferenceFailed(model: name, reason: "\(step): \(InferenceEngine.lastError(status))") }
        }
        guard let pixels = image.pixels, pixels.bytesPerRow == image.width * 3 else {
            throw .inferenceFailed(model: name, reason: "the input image is empty or not packed BGR")
        }
        var dims: [Int64] = [1, Int64(image.height), Int64(image.width), 3]
        var shape = ov_shape_t()
        try check(ov_shape_create(4, &dims, &shape), "describing the input shape")
        defer { ov_shape_free(&shape) }
        var tensor: OpaquePointer?
        try check(ov_tensor_create_from_host_ptr(U8, shape, UnsafeMutableRawPointer(mutating: pixels.base), &tensor),
                  "wrapping the pixels")
        defer { ov_tensor_free(tensor) }
        try withExtendedLifetime(image) { () throws(VisionError) in
            try check(ov_infer_request_set_input_tensor_by_index(request, 0, tensor), "setting the input")
            try check(ov_infer_request_infer(request), "inference")
        }
        var results: [[Float]] = []
        results.reserveCapacity(outputCount)
        for index in 0..<outputCount {
            var output: OpaquePointer?
            try check(ov_infer_request_get_output_tensor_by_index(request, index, &output), "reading output \(index)")
            defer { ov_tensor_free(output) }
            var type = UNDEFINED
            try check(ov_tensor_get_element_type(output, &type), "reading output \(index)'s type")
            guard type == F32 else { throw .inferenceFailed(model: name, reason: "output \(index) is not float32 (type \(type.rawValue))") }
            var count = 0
            try check(ov_tensor_get_size(output, &count), "reading output \(index)'s size")
            var data: UnsafeMutableRawPointer?
            try check(ov_tensor_data(output, &data), "reading output \(index)'s data")
            guard let data else { throw .inferenceFailed(model: name, reason: "output \(index) has no data") }
            results.append(Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: count)))
        }
        return results
    }
}
