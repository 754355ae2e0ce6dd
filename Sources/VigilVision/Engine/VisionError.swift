/// Why the vision layer cannot work, worded so an operator can fix it.
public enum VisionError: Error, Sendable, CustomStringConvertible, Equatable {
    case modelMissing(file: String, expectedSHA256: String?, folder: String)
    case modelCorrupt(file: String, expectedSHA256: String, actualSHA256: String)
    case modelUnloadable(file: String, reason: String)
    case inferenceFailed(model: String, reason: String)
    case imageUnreadable(path: String)
    /// OpenCV failed on an image operation (resampling, copying a frame).
    case imageFailed(operation: String, reason: String)
    /// OpenVINO's runtime could not start (its libraries or CPU plugin are missing or broken).
    case engineUnavailable(reason: String)
    /// dlib could not load the face recognition network (the identity check).
    case dlibUnloadable(file: String, reason: String)
    /// An identity descriptor was asked of an analyzer made with the identity check off.
    case identityCheckOff

    public var description: String {
        switch self {
        case .modelMissing(let file, let sha, let folder):
            "model file \(file) is missing from \(folder)"
                + (sha.map { " (expected sha256 \($0))" } ?? "")
                + ". Run `make setup` (scripts/models.sh) to create it, or point --models / VIGIL_MODELS at a folder that has it"
        case .modelCorrupt(let file, let expected, let actual):
            "model file \(file) has sha256 \(actual), expected \(expected): it is corrupt or from another release. Delete it and run `make setup` (scripts/models.sh) to recreate it"
        case .modelUnloadable(let file, let reason):
            "OpenVINO could not load \(file): \(reason)"
        case .inferenceFailed(let model, let reason):
            "\(model) failed on a frame: \(reason)"
        case .imageUnreadable(let path):
            "cannot read \(path) as an image (missing, or not a format OpenCV decodes)"
        case .imageFailed(let operation, let reason):
            "OpenCV failed \(operation): \(reason)"
        case .engineUnavailable(let reason):
            "OpenVINO's runtime did not start (\(reason)). Run `make setup` (scripts/models.sh unpacks it into .openvino/)"
        case .dlibUnloadable(let file, let reason):
            "dlib could not load the face recognition network \(file): \(reason). Run `make setup` (scripts/setup.sh installs libdlib-dev, scripts/models.sh the model)"
        case .identityCheckOff:
            "the identity check is off for this analyzer (AnalyzerConfiguration.identityCheck), so dlib's network was not loaded"
        }
    }
}
