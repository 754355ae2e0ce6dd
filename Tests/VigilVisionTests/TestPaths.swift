import Foundation

/// Where tests find the repository, the shared media and the model folder.
enum TestPaths {
    static let repository: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }()

    static var media: URL { repository.deletingLastPathComponent().appendingPathComponent("shared/media") }

    static var models: String {
        if let folder = ProcessInfo.processInfo.environment["VIGIL_MODELS"], !folder.isEmpty { return folder }
        return repository.appendingPathComponent("models").path
    }

    static func photo(_ relative: String) -> String { media.appendingPathComponent(relative).path }
}
