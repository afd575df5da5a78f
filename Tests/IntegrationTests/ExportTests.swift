import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `GET /export` on the real binary over a real SeaweedFS: what was uploaded comes back, an outage before the
/// request is a 503, and a store lost part-way cuts the connection instead of ending a short export cleanly.
@Suite(.serialized) struct ExportTests {
    /// Uploads `count` spaced-out documents under `prefix`, 16 at a time.
    /// - Returns: each stored name with the document uploaded under it.
    static func upload(_ hub: DataHubProcess, count: Int, prefix: String, padding: Int = 0) async throws -> [String: String] {
        var uploaded: [String: String] = [:]
        for start in stride(from: 0, to: count, by: 16) {
            try await withThrowingTaskGroup(of: (String, String).self) { group in
                for index in start..<min(count, start + 16) {
                    group.addTask {
                        let body = """
                            { "n" : \(index) , "label" : "doc \\" \(index)" ,
                              "values" : [ \(index) , \(Double(index) / 4) , -0.5e-3 ] , "ok" : true , "pad" : "\(String(repeating: "x ", count: padding))" }
                            """
                        let response = try await HTTP.upload(hub.baseURL, body, prefix: prefix)
                        guard response.status == 201, let name = response.json["filename"] as? String else {
                            throw TestFailure("upload \(index) answered \(response.status): \(response.text)")
                        }
                        return (name, body)
                    }
                }
                for try await (name, body) in group { uploaded[name] = body }
            }
        }
        return uploaded
    }

    static func parse(_ text: some StringProtocol) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject)
    }

    @Test func exportEqualsWhatWasUploaded() async throws {
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        let uploaded = try await Self.upload(hub, count: 300, prefix: "export/run")
        _ = try await HTTP.upload(hub.baseURL, "{\"elsewhere\":1}", prefix: "other")
        let names = uploaded.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        let wrapped = try await HTTP.request("GET", hub.baseURL + "/export?prefix=export&wrap=true")
        #expect(wrapped.status == 200)
        #expect(wrapped.header("Content-Type") == "application/x-ndjson")
        let lines = wrapped.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 301 && lines.last == "", "\(lines.count) lines")
        var seen: [String] = []
        for line in lines.dropLast() {
            let item = try #require(try Self.parse(line) as? [String: Any])
            let name = try #require(item["filename"] as? String)
            seen.append(name)
            let expected = try Self.parse(try #require(uploaded[name]))
            #expect((item["data"] as? NSObject) == expected, "\(name)")
            #expect(!line.contains(" , ") && !line.contains(" : "), "not compacted: \(line)")
        }
        #expect(Set(seen) == Set(names))
        #expect(Set(seen).count == 300)

        let bare = try await HTTP.request("GET", hub.baseURL + "/export?prefix=export")
        let bareLines = bare.text.split(separator: "\n")
        #expect(bareLines.count == 300)
        for (line, name) in zip(bareLines, seen) { #expect(try Self.parse(line) == Self.parse(try #require(uploaded[name]))) }

        let array = try await HTTP.request("GET", hub.baseURL + "/export?prefix=export&format=json")
        #expect(array.header("Content-Type")?.hasPrefix("application/json") == true)
        let items = try #require(try JSONSerialization.jsonObject(with: array.body) as? [NSObject])
        #expect(items.count == 300)

        let cut = names[99]
        let later = try await HTTP.request(
            "GET",
            hub.baseURL + "/export?prefix=export&wrap=true&after=" + cut.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        )
        let laterNames = try later.text.split(separator: "\n").map { try #require(try Self.parse($0) as? [String: Any])["filename"] as? String }
        #expect(Set(laterNames.compactMap { $0 }) == Set(names.dropFirst(100)))

        let head = try await HTTP.request("HEAD", hub.baseURL + "/export?prefix=export")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(await hub.stop() == 0)
    }

    @Test func storageDownBeforeTheRequestIs503() async throws {
        let s3 = try await SeaweedFSServer.start()
        defer { s3.stop() }
        let hub = try await Reliability.hub(s3)
        _ = try await Self.upload(hub, count: 20, prefix: "down")
        s3.kill()
        for method in ["GET", "HEAD"] {
            let response = try await HTTP.request(method, hub.baseURL + "/export?prefix=down", timeout: 15)
            #expect(response.status == 503, "\(method)")
            #expect(response.header("Retry-After") != nil, "\(method)")
        }
        let response = try await HTTP.request("GET", hub.baseURL + "/export", timeout: 15)
        #expect(response.json["code"] as? String == "storage_unavailable")
        #expect(await hub.stop() == 0)
    }

    /// The store is slowed by the proxy, then cut while the export streams: the client must see a 200 whose
    /// body never ends cleanly (no last chunk; no last line for NDJSON, no closing `]` for JSON).
    @Test func storeCutPartWayAbortsTheConnection() async throws {
        let (s3, proxy, hub) = try await ReliabilityTests.Proxy.start()
        defer {
            s3.stop()
            proxy.stop()
        }
        let uploaded = try await Self.upload(hub, count: 400, prefix: "cut", padding: 1000)
        for format in ["ndjson", "json"] {
            proxy.setMode(.latency(.milliseconds(100)))
            let request = "GET /export?prefix=cut&format=\(format) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            // The store is cut as soon as the first bytes of the body arrive, so the cut always falls mid-export.
            let answer = await Self.exchangeCutting(port: hub.port, request: request, timeout: 30) { proxy.setMode(.reset) }
            let body = Self.dechunk(answer.body)
            print("[export] \(format) cut: \(answer.ending) after \(body.count) bytes, \(body.split(separator: 0x0A).count) lines")
            #expect(answer.status == 200, "\(format): \(answer.text.prefix(300))")
            #expect(answer.ending == .closed || answer.ending == .reset, "\(format): \(answer.ending)")
            #expect(!answer.body.suffix(5).elementsEqual(Array("0\r\n\r\n".utf8)), "\(format) ended with the last chunk")
            #expect(body.count > 0, "\(format): no body arrived; the test proves nothing")
            if format == "json" {
                #expect(body.last != UInt8(ascii: "]"))
                #expect((try? JSONSerialization.jsonObject(with: Data(body))) == nil, "a cut JSON export parsed")
            } else {
                let lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
                #expect(lines.count - 1 < uploaded.count, "every line arrived: the cut came too late")
            }
            proxy.setMode(.pass)
            try await APIEndToEndTests.waitFor("storage UP", within: 10) {
                try await HTTP.request("GET", hub.baseURL + "/storage/health", timeout: 2).status == 200
            }
        }
        let whole = try await HTTP.request("GET", hub.baseURL + "/export?prefix=cut", timeout: 60)
        #expect(whole.text.split(separator: "\n").count == uploaded.count)
        #expect(await hub.stop() == 0)
    }

    /// Sends `request` to 127.0.0.1:`port`, calls `cut` once the first bytes of the body have arrived, and reads
    /// on until the connection ends or `timeout` seconds pass.
    static func exchangeCutting(port: Int, request: String, timeout: Double, cut: @escaping @Sendable () -> Void) async -> RawHTTP.Reply {
        await RawHTTP.onThread {
            var reply = RawHTTP.Reply()
            guard let fd = RawHTTP.connectLoopback(port: port) else { return RawHTTP.Reply(ending: .sendFailed) }
            defer { close(fd) }
            let bytes = Array(request.utf8)
            guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
                return RawHTTP.Reply(ending: .sendFailed)
            }
            var data: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            var bodyStart: Int?
            var didCut = false
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 100) > 0 else { continue }
                let count = recv(fd, &chunk, chunk.count, 0)
                if count == 0 {
                    reply.ending = .closed
                    break
                }
                if count < 0 {
                    reply.ending = .reset
                    break
                }
                data += chunk[..<count]
                if bodyStart == nil, let end = data.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound { bodyStart = end }
                if let start = bodyStart, !didCut, data.count > start {
                    didCut = true
                    cut()
                }
                if let start = bodyStart, data[start...].suffix(5).elementsEqual(Array("0\r\n\r\n".utf8)) {
                    reply.ending = .complete
                    break
                }
            }
            let head = String(decoding: data[..<(bodyStart ?? data.count)], as: UTF8.self)
            reply.status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            reply.body = Array(data[(bodyStart ?? data.count)...])
            return reply
        }
    }

    /// The payload of a chunked body, as far as it goes (a cut chunk counts with the bytes that arrived).
    static func dechunk(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < raw.count {
            guard let lineEnd = raw[index...].firstIndex(of: 0x0A) else { break }
            let sizeText = String(decoding: raw[index..<lineEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd + 1
            let end = min(raw.count, start + size)
            out += raw[start..<end]
            index = end + 2
        }
        return out
    }
}
