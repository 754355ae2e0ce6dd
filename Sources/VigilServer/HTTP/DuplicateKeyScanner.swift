import Foundation

/// What Foundation's lenient decoder lets through in a document it decoded: a key repeated within
/// one object, or a trailing comma (`{"kind": "x",}`), which strict JSON does not allow.
enum DuplicateKeyScanner {
    enum Problem: Equatable {
        case duplicate(String)
        case trailingComma
    }

    static func firstProblem(in data: Data) -> Problem? {
        let bytes = [UInt8](data)
        // One entry per open container: the keys seen so far, or nil for an array.
        var stack: [Set<String>?] = []
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                stack.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = stack.last.map { $0 != nil } ?? false
                var next = index + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "}") || bytes[next] == UInt8(ascii: "]") { return .trailingComma }
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                var escaped = false
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { escaped = true; index += 1 }
                    index += 1
                }
                if expectingKey, var keys = stack.last ?? nil {
                    let raw = Data(bytes[start...min(index, bytes.count - 1)])
                    let key = escaped ? ((try? JSONDecoder().decode(String.self, from: raw)) ?? String(decoding: raw, as: UTF8.self))
                                      : String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
                    if keys.contains(key) { return .duplicate(key) }
                    keys.insert(key)
                    stack[stack.count - 1] = keys
                    expectingKey = false
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
