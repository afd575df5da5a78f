import Foundation
import Testing

extension ReliabilityTests {
    /// Item 3 of issue 7: hostile HTTP from a raw socket while a normal client keeps being served.
    @Suite(.serialized) struct HostileHTTP {
        @Test func malformedRequestsNeverCrashOr500AndOthersKeepBeingServed() async throws {
            let s3 = try await SeaweedFSServer.start()
            defer { s3.stop() }
            let hub = try await Reliability.hub(s3)
            let pid = hub.process.processIdentifier
            let rssBefore = Reliability.rssKiB(pid)
            // Every random case follows from one seed, printed so that a failure can be replayed exactly.
            let seed = SeededRandom.seedFromEnvironment()
            print("[reliability] hostile HTTP seed \(seed) (replay with DATAHUB_TEST_SEED=\(seed))")
            var random = SeededRandom(seed: seed)
            let cases = HostileCases.all(using: &random) + HostileCases.mutations(count: Reliability.soak ? 3000 : 400, using: &random)
            let tally = Tally()
            // Stopped by a flag, not by cancellation: cancelling a task inside a URLSession call can deadlock
            // FoundationNetworking on Linux (URLSessionTask.cancel waits on its own queue).
            let stop = SharedInt()
            let normal = Task { await Self.normalClient(hub, tally: tally, stop: stop) }
            let next = SharedInt()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        while true {
                            let index = next.next()
                            guard index < cases.count else { return }
                            let hostile = cases[index]
                            let reply = await RawHTTP.exchange(port: hub.port, hostile.pieces, timeout: hostile.timeout, halfClose: hostile.halfClose)
                            tally.add("fuzzCases")
                            tally.add("fuzz-\(reply.status.map(String.init) ?? reply.ending.rawValue)")
                            if let status = reply.status, status >= 500 { tally.problem("\(hostile.name): \(status) \(reply.text.prefix(200))") }
                        }
                    }
                }
            }
            stop.raise(to: 1)
            await normal.value
            let rssAfter = Reliability.rssKiB(pid)
            print("[reliability] hostile HTTP: \(tally.summary); rss \(rssBefore)→\(rssAfter) KiB")
            #expect(tally.count("fuzzCases") == cases.count, "seed \(seed)")
            #expect(tally.problemList.isEmpty, "seed \(seed) (replay with DATAHUB_TEST_SEED=\(seed)): \(tally.problemList)")
            #expect(tally.count("normalOK") > 10)
            #expect(hub.process.isRunning && hub.process.processIdentifier == pid)
            #expect(rssAfter - rssBefore < 64 * 1024, "RSS \(rssBefore) → \(rssAfter) KiB")
            #expect(try await HTTP.request("GET", hub.baseURL + "/health").status == 200)
            #expect(await hub.stop() == 0)
        }

        /// Uploads and health checks in a loop until `stop` is raised; every answer must be 201/200 within 5 s.
        static func normalClient(_ hub: DataHubProcess, tally: Tally, stop: SharedInt) async {
            var index = 0
            while stop.current == 0 {
                index += 1
                let start = ContinuousClock.now
                do {
                    let upload = try await HTTP.upload(hub.baseURL, "{\"normal\":\(index)}")
                    let health = try await HTTP.request("GET", hub.baseURL + "/health", timeout: 5)
                    let seconds = Reliability.since(start)
                    if upload.status == 201, health.status == 200, seconds < 5 {
                        tally.add("normalOK")
                    } else {
                        tally.problem("normal client: \(upload.status)/\(health.status) in \(seconds) s")
                    }
                } catch {
                    tally.problem("normal client: \(error)")
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }

        @Test func aDribblingUploadHoldsNoStorageWorker() async throws {
            let s3 = try await SeaweedFSServer.start()
            defer { s3.stop() }
            let hub = try await Reliability.hub(s3, arguments: Reliability.fastTimeouts + ["--s3-workers", "1"])
            let json = #"{"dribble":"\#(String(repeating: "d", count: 24))"}"#
            let head = "POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n"
            let pieces = [RawHTTP.Piece(head)] + json.utf8.map { RawHTTP.Piece([$0], pauseAfter: 0.1) }
            let dribble = Task { await RawHTTP.exchange(port: hub.port, pieces, timeout: 20) }
            try await Task.sleep(for: .milliseconds(500))
            var slowest = 0.0
            for index in 0..<5 {
                let start = ContinuousClock.now
                let response = try await HTTP.upload(hub.baseURL, "{\"beside\":\(index)}")
                slowest = max(slowest, Reliability.since(start))
                #expect(response.status == 201)
            }
            let reply = await dribble.value
            print(
                "[reliability] dribbling upload (\(json.utf8.count) bytes over \(String(format: "%.1f", reply.seconds)) s): \(reply.status ?? 0); normal uploads beside it, slowest \(String(format: "%.3f", slowest)) s"
            )
            #expect(slowest < 1, "a normal upload waited \(slowest) s behind a dribbling one with one storage slot")
            #expect(reply.seconds > 3, "the dribble must still have been in progress during the normal uploads")
            #expect(reply.status == 201)
            #expect(await hub.stop() == 0)
        }
    }
}
