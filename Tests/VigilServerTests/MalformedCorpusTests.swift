import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Replays the hand-written malformed requests of tests/corpus/rest/malformed.json byte for byte:
/// each must get its expected 4xx with a JSON error, the server must keep running, and neither
/// the attacked session nor a canary session may change.
@Suite("The malformed-request corpus")
struct MalformedCorpusTests {
    struct Entry: Decodable {
        var `class`: String
        var name: String
        var method: String
        var path: String
        var token: String
        var contentType: String?
        var body: String?
        var bodyHex: String?
        var bodyRepeat: Repeat?
        var expect: Int
        var code: String?

        struct Repeat: Decodable {
            var prefix: String
            var fill: String
            var count: Int
            var suffix: String
        }

        var bytes: Data {
            if let bodyHex {
                var data = Data()
                var index = bodyHex.startIndex
                while index < bodyHex.endIndex {
                    let next = bodyHex.index(index, offsetBy: 2)
                    data.append(UInt8(bodyHex[index..<next], radix: 16)!)
                    index = next
                }
                return data
            }
            if let bodyRepeat {
                return Data((bodyRepeat.prefix + String(repeating: bodyRepeat.fill, count: bodyRepeat.count) + bodyRepeat.suffix).utf8)
            }
            return Data((body ?? "").utf8)
        }
    }

    struct Corpus: Decodable { var inputs: [Entry] }

    @Test("every malformed request gets its 4xx JSON error; the server stays up and no session changes")
    func replayCorpus() async throws {
        let file = RepoPaths.root.appendingPathComponent("tests/corpus/rest/malformed.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let corpus = try decoder.decode(Corpus.self, from: Data(contentsOf: file)).inputs
        #expect(corpus.count >= 80)
        #expect(Set(corpus.map(\.class)).isSuperset(of: [
            "bad_json", "huge_numbers", "wrong_types", "unicode", "null_bytes", "oversized", "content_type",
            "path_traversal", "long_ids", "invalid_event_ids", "duplicate_keys",
        ]))
        let started = Date()
        try await withServer(environment: RepoPaths.noRateLimits) { server, client in
            let canary = try await Canary.make(client)
            let victim = try await TestSession.create(client, candidate: "Victim")
            let other = try await TestSession.create(client, candidate: "Other")
            let event = try #require(try await client.send("POST", "/api/sessions/\(victim.id)/events", token: victim.proctor,
                                                           json: ["kind": "phone"]).json["id"] as? Int)
            let otherEvent = try #require(try await client.send("POST", "/api/sessions/\(other.id)/events", token: other.proctor,
                                                                json: ["kind": "book"]).json["id"] as? Int)
            let victimBefore = try await Canary.fingerprint(client, victim)
            let credentials: [String: String?] = [
                "candidate": "Bearer \(victim.candidate)", "interviewer": "Bearer \(victim.interviewer)",
                "proctor": "Bearer \(victim.proctor)", "admin": "Bearer \(ServerProcess.adminKey)", "none": nil,
                "wrong": "Bearer wrong-token-0000", "empty": "Bearer ", "basic": "Basic dXNlcjpwYXNz",
                "long": "Bearer " + String(repeating: "t", count: 4096), "other": "Bearer \(other.candidate)",
            ]

            var tried: [String: Int] = [:]
            for entry in corpus {
                let path = entry.path.replacingOccurrences(of: "{session}", with: victim.id)
                    .replacingOccurrences(of: "{other_event}", with: String(otherEvent))
                    .replacingOccurrences(of: "{event}", with: String(event))
                let credential = try #require(credentials[entry.token], "unknown token kind '\(entry.token)' in \(entry.name)")
                let answer = try RawHTTP.send(port: server.port, method: entry.method, path: path, authorization: credential,
                                              contentType: entry.contentType ?? "application/json", body: entry.bytes)
                tried[entry.class, default: 0] += 1
                let error = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["error"] as? [String: Any]
                #expect(answer.status == entry.expect, "\(entry.class) / \(entry.name): \(answer.status) \(String(decoding: answer.body.prefix(300), as: UTF8.self))")
                #expect((400..<500).contains(answer.status), "\(entry.class) / \(entry.name) must be refused with a 4xx")
                #expect(error?["code"] is String && ((error?["message"] as? String)?.count ?? 0) > 10,
                        "\(entry.class) / \(entry.name): the answer is not a JSON error")
                if let code = entry.code { #expect(error?["code"] as? String == code, "\(entry.class) / \(entry.name)") }
            }

            #expect(server.process?.isRunning == true, "the server died")
            #expect(try await client.send("GET", "/healthz").status == 200)
            try await canary.expectUnchanged(client)
            #expect(try await Canary.fingerprint(client, victim) == victimBefore, "the attacked session changed")
            let summary = tried.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("malformed REST corpus: \(corpus.count) inputs (\(summary)), 0 crashes, 0 server errors, in \(Int(Date().timeIntervalSince(started))) s")
        }
    }
}

/// HTTP/1.1 over a plain socket, so paths ("..", "%00", 16 KiB ids) and bodies (invalid UTF-8)
/// reach the server exactly as written; URLSession would normalise or refuse them.
enum RawHTTP {
    struct Answer {
        var status: Int
        var body: Data
    }

    enum Failure: Error { case socket(String) }

    static func send(port: Int, method: String, path: String, authorization: String?, contentType: String?, body: Data) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.socket("socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure.socket("connect() failed: \(errno)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        let request = Data((head + "\r\n").utf8) + body
        try request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                // The server may answer (413) and close before reading a large body.
                if n <= 0 { if sent > 0 { return }; throw Failure.socket("send() failed: \(errno)") }
                sent += n
            }
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        guard let split = response.range(of: Data("\r\n\r\n".utf8)),
              let statusLine = String(data: response[..<split.lowerBound], encoding: .utf8)?.split(separator: "\r\n").first,
              let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure.socket("no HTTP answer for \(method) \(path.prefix(80)) (\(response.count) bytes)")
        }
        var payload = Data(response[split.upperBound...])
        // Hummingbird answers with Content-Length; tolerate chunked bodies too.
        let headers = String(decoding: response[..<split.lowerBound], as: UTF8.self).lowercased()
        if headers.contains("transfer-encoding: chunked") { payload = dechunk(payload) }
        return Answer(status: status, body: payload)
    }

    static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let line = rest.range(of: Data("\r\n".utf8)),
              let size = Int(String(decoding: rest[..<line.lowerBound], as: UTF8.self), radix: 16), size > 0 {
            let start = line.upperBound
            result.append(rest[start..<min(rest.endIndex, start + size)])
            rest = rest[min(rest.endIndex, start + size + 2)...]
        }
        return result
    }
}
