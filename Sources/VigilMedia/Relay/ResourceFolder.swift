import Foundation

/// Finds the repository folders the server reads at run time (`pipelines/`, `signaling/`): the
/// environment variable if set, else the working directory, else the folders above the
/// executable (so `.build/debug/vigil` finds them wherever it is started from).
public enum ResourceFolder {
    public static func locate(_ name: String, environmentVariable: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let path = environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        for base in candidates {
            let url = base.appendingPathComponent(name, isDirectory: true)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                return url
            }
        }
        return nil
    }
}
