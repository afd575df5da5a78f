import DataHubService
import DataHubStorage
import Foundation
import NIOCore
import Testing

/// "q, SIGINT and SIGTERM start one graceful shutdown: ... requests in flight finish": an upload that is still
/// arriving when SIGTERM comes completes with 201, is stored whole, and the process then exits 0.
@Suite(.serialized) struct ShutdownClaimsTests {
    @Test func sigtermDuringAnUploadLetsItFinishStoredThenExitsZero() async throws {
        let s3 = try await SeaweedFSServer.start()
        defer { s3.stop() }
        let hub = try await Reliability.hub(s3, arguments: [])
        let body = Array(("{\"during\":\"shutdown\",\"pad\":\"" + String(repeating: "z", count: 200_000) + "\"}").utf8)
        let head = "POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        // The head and half the body, a pause in which SIGTERM arrives, then the rest.
        let half = body.count / 2
        async let reply = RawHTTP.exchange(
            port: hub.port,
            [RawHTTP.Piece(head), RawHTTP.Piece(Array(body[..<half]), pauseAfter: 1.5), RawHTTP.Piece(Array(body[half...]))],
            timeout: 15
        )
        try await Task.sleep(for: .milliseconds(600))
        kill(hub.process.processIdentifier, SIGTERM)
        let answer = await reply
        #expect(answer.status == 201, "reply: \(answer.ending) \(answer.text.prefix(300))")
        let json = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] ?? [:]
        let name = try #require(json["filename"] as? String)

        // The process exits by itself, with 0, once the request finished.
        let deadline = Date().addingTimeInterval(15)
        while hub.process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!hub.process.isRunning, "datahub still runs 15 s after SIGTERM")
        #expect(hub.process.terminationReason == .exit && hub.process.terminationStatus == 0)

        // Stored whole: read back from the store itself, the process being gone.
        let storage = s3.makeStorage()
        let download = try await storage.get(key: name, range: nil)
        var stored: [UInt8] = []
        for try await chunk in download.body { stored.append(contentsOf: chunk.readableBytesView) }
        #expect(stored == body)
        await storage.shutdown()
        await hub.stop()
    }
}
