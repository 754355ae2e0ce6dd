/// Where every `vigil` subcommand reads a setting: the flag if given, else the environment
/// variable, else the default — one rule for all of them, so `--db` and `VIGIL_DB` mean the same
/// thing to `serve`, `analyze` and `report`.
struct OptionSource {
    let environment: [String: String]

    /// The flag when set and not empty, else the environment variable when set and not empty.
    func pick(_ flag: String?, _ name: String) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let value = environment[name], !value.isEmpty { return value }
        return nil
    }

    func dataDirectory(_ flag: String?) -> String { pick(flag, "VIGIL_DATA_DIR") ?? "data" }

    func databasePath(_ flag: String?, dataDirectory: String) -> String {
        pick(flag, "VIGIL_DB") ?? dataDirectory + "/vigil.sqlite"
    }

    func modelsDirectory(_ flag: String?) -> String { pick(flag, "VIGIL_MODELS") ?? "models" }
}
