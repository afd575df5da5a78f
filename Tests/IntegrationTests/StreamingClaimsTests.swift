import DataHubService
import DataHubStorage
import Foundation
import NIOCore
import Testing

/// README claims about answers that fail after they started: a stored object labelled JSON that is not JSON,
/// read through the wrapped GET, and a complete listing whose store fails after the first page. The client
/// must never receive a 200 with a closed, well-formed body.
@Suite(.serialized) struct StreamingClaimsTests {
    /// How a raw read of one response ended.
    struct Streamed: Sendable {
        var head = ""
        var body: [UInt8] = []
        var ending = "timed out"
        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends `GET path` on a raw socket and reads the response to its end (at most 30 s); `onHead` runs once,
    /// as soon as the whole response head has arrived.
    static func read(port: Int, _ path: String, onHead: @escaping @Sendable () -> Void = {}) async -> Streamed {
        await RawHTTP.onThread {
            var result = Streamed()
            guard let fd = RawHTTP.connectLoopback(port: port) else {
                result.ending = "connect failed"
                return result
            }
            defer { close(fd) }
            var wait = timeval(tv_sec: 0, tv_usec: 200_000)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
                result.ending = "send failed"
                return result
            }
            var data: [UInt8] = []
            var headEnd: Int?
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count > 0 {
                    data.append(contentsOf: buffer[0..<count])
                    if headEnd == nil, let end = Self.find([13, 10, 13, 10], in: data) {
                        headEnd = end
                        onHead()
                    }
                    if let end = headEnd, Self.isComplete(head: String(decoding: data[..<end], as: UTF8.self), body: data[(end + 4)...]) {
                        result.ending = "complete"
                        break
                    }
                } else if count == 0 {
                    result.ending = "closed"
                    break
                } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                    result.ending = errno == ECONNRESET ? "reset" : "error \(errno)"
                    break
                }
            }
            if let end = headEnd {
                result.head = String(decoding: data[..<end], as: UTF8.self)
                result.body = Array(data[(end + 4)...])
            }
            return result
        }
    }

    static func find(_ needle: [UInt8], in data: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        return (0...(data.count - needle.count)).first { data[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Whether `body` is the whole of a response with this head: its Content-Length, or chunked up to the last chunk.
    static func isComplete(head: String, body: ArraySlice<UInt8>) -> Bool {
        let lines = head.lowercased().split(separator: "\r\n")
        if let length = lines.first(where: { $0.hasPrefix("content-length:") }).flatMap({ Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
        ) {
            return body.count >= length
        }
        if lines.contains(where: { $0.hasPrefix("transfer-encoding:") && $0.contains("chunked") }) {
            return body.count >= 5 && body.suffix(5).elementsEqual(Array("0\r\n\r\n".utf8))
        }
        return false
    }

    /// Starts SeaweedFS and DataHub, and gives a storage on DataHub's bucket for writing behind its back.
    static func start() async throws -> (SeaweedFSServer, DataHubProcess, S3Storage) {
        let s3 = try await SeaweedFSServer.start()
        do {
            let hub = try await Reliability.hub(s3, arguments: [])
            return (s3, hub, s3.makeStorage(workers: 16))
        } catch {
            s3.stop()
            throw error
        }
    }

    @Test func aSmallObjectLabelledJSONThatIsNotJSONIs422BeforeAnyByte() async throws {
        let (s3, hub, storage) = try await Self.start()
        defer { s3.stop() }
        _ = try await storage.put(
            key: "broken/small.json",
            body: .buffer(ByteBuffer(string: #"{"almost": tru}"#)),
            contentType: "application/json",
            createOnly: false
        )
        let reply = await Self.read(port: hub.port, "/data/broken/small.json")
        #expect(reply.head.hasPrefix("HTTP/1.1 422"), "head: \(reply.head)")
        #expect(reply.ending == "complete")
        let json = (try? JSONSerialization.jsonObject(with: Data(reply.body))) as? [String: Any] ?? [:]
        #expect(json["code"] as? String == "not_json")
        #expect(!reply.bodyText.contains("\"filename\""), "part of the wrapped body was sent: \(reply.bodyText.prefix(200))")
        // The raw bytes stay readable.
        #expect(try await HTTP.request("GET", hub.baseURL + "/data/broken/small.json?raw=true").text == #"{"almost": tru}"#)
        await storage.shutdown()
        #expect(await hub.stop() == 0)
    }

    @Test func aLargeObjectLabelledJSONThatIsNotJSONAbortsTheConnection() async throws {
        let (s3, hub, storage) = try await Self.start()
        defer { s3.stop() }
        // 9 MiB (over the 8 MiB validated before the first byte), invalid only at its very end: a trailing comma.
        var buffer = ByteBuffer(string: "[")
        let element = "1234567,"
        for _ in 0..<(9 * 1_048_576 / element.utf8.count) { buffer.writeString(element) }
        buffer.writeString("]")
        let size = buffer.readableBytes
        _ = try await storage.put(key: "broken/large.json", body: .buffer(buffer), contentType: "application/json", createOnly: false)
        let reply = await Self.read(port: hub.port, "/data/broken/large.json")
        print(
            "[streaming] wrapped GET of an invalid \(size)-byte object: \(reply.head.split(separator: "\r\n").first ?? "") ended \(reply.ending) after \(reply.body.count) body bytes"
        )
        #expect(reply.ending == "closed" || reply.ending == "reset", "ended \(reply.ending): \(reply.head)")
        #expect(!Self.isComplete(head: reply.head, body: reply.body[...]), "a complete response arrived")
        #expect(reply.bodyText.hasSuffix("]}") == false)
        await storage.shutdown()
        #expect(await hub.stop() == 0)
    }

    @Test func aCompleteListingWhoseStoreFailsAfterTheFirstPageAbortsTheConnection() async throws {
        let s3 = try await SeaweedFSServer.start()
        defer { s3.stop() }
        let proxy = try TCPProxy(upstreamPort: s3.s3Port)
        defer { proxy.stop() }
        let hub = try await Reliability.hub(s3, endpoint: proxy.endpoint, arguments: [])
        // Three pages of the store's 1,000 keys.
        let storage = s3.makeStorage(workers: 16)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for index in stride(from: worker, to: 2_100, by: 16) {
                        _ = try await storage.put(
                            key: String(format: "many/item-%05d.json", index),
                            body: .buffer(ByteBuffer(string: "[\(index)]")),
                            contentType: "application/json",
                            createOnly: false
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        await storage.shutdown()
        // Slow every page down, so the second one is still on its way when the store goes away.
        proxy.setMode(.latency(.milliseconds(300)))
        let reply = await Self.read(port: hub.port, "/data") { proxy.setMode(.reset) }
        print(
            "[streaming] listing cut after the first page: \(reply.head.split(separator: "\r\n").first ?? "") ended \(reply.ending) after \(reply.body.count) body bytes"
        )
        // The first page came before the 200; the failure after it closed the connection instead of the document.
        #expect(reply.head.hasPrefix("HTTP/1.1 200"), "head: \(reply.head)")
        #expect(reply.ending == "closed" || reply.ending == "reset", "ended \(reply.ending)")
        #expect(!Self.isComplete(head: reply.head, body: reply.body[...]))
        #expect(reply.bodyText.contains("many/item-"))
        #expect(!reply.bodyText.contains("\"count\""), "the listing was closed as if whole")
        proxy.setMode(.pass)
        #expect(await hub.stop() == 0)
    }
}
