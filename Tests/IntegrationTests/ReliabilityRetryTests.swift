import DataHubService
import DataHubStorage
import Foundation
import Testing

extension ReliabilityTests {
    /// Item 5 of issue 7: 200 clients each retry their `Idempotency-Key` upload, some across a storage restart;
    /// exactly 200 objects exist afterwards, each holding its client's bytes.
    @Suite(.serialized) struct Retry {
        /// What one client saw.
        struct Attempts: Sendable {
            /// The client's number.
            var client: Int
            /// The bytes it uploads on every attempt.
            var body: Data
            /// Every file name a 201 gave it (must be exactly one).
            var names: Set<String> = []
            /// The status of each attempt (-1: transport error).
            var statuses: [Int] = []
            /// How many 201s said `Idempotent-Replayed: true`.
            var replays = 0
        }

        @Test func retriesAcrossARestartNeverDuplicate() async throws {
            let s3 = try await SeaweedFSServer.start()
            defer { s3.stop() }
            let hub = try await Reliability.hub(s3)
            let tally = Tally()
            let run = UUID().uuidString.prefix(8)
            let attempts = Task {
                try await withThrowingTaskGroup(of: Attempts.self) { group in
                    for client in 0..<200 {
                        try await Task.sleep(for: .milliseconds(15))
                        group.addTask { await Self.client(client, key: "retry-\(run)-\(client)", hub: hub, tally: tally) }
                    }
                    var all = [Attempts]()
                    for try await result in group { all.append(result) }
                    return all
                }
            }
            // About a third of the clients have started after ~1 s.
            try await Task.sleep(for: .seconds(1))
            s3.kill()
            try await Task.sleep(for: .seconds(2))
            try await s3.restart()
            let results = try await attempts.value
            let names = try await Reliability.listAll(hub)
            if names.count != 200 { await Self.describeMarkers(s3) }
            print(
                "[reliability] retries: \(tally.summary) objects=\(names.count) longest=\(String(format: "%.2f", tally.slowest.seconds))s \(tally.problemList.prefix(2))"
            )
            #expect(names.count == 200)
            #expect(Set(names).count == 200)
            #expect(tally.count("status500") == 0)
            #expect(tally.problemList.isEmpty, "\(tally.problemList)")
            // A keyed POST makes up to three storage calls in a row (read marker, write marker, write object).
            #expect(tally.slowest.seconds <= Reliability.storageTimeout * 3 + 1, "longest response \(tally.slowest)")
            #expect(tally.count("status503") > 0, "some attempts must have met the outage")
            #expect(tally.count("replayed") > 0)
            for result in results {
                #expect(result.names.count == 1, "client \(result.client) got names \(result.names), statuses \(result.statuses)")
                guard let name = result.names.first else { continue }
                #expect(names.contains(name))
                let back = try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true")
                #expect(back.body == result.body, "client \(result.client)")
            }
            #expect(await hub.stop() == 0)
        }

        /// Prints the idempotency markers the store holds, by size, to explain a failure.
        static func describeMarkers(_ s3: SeaweedFSServer) async {
            let storage = s3.makeStorage()
            var sizes: [Int64: Int] = [:]
            var cursor: String?
            repeat {
                guard let page = try? await storage.list(prefix: ".datahub/idempotency/", cursor: cursor, limit: 1000) else { break }
                for object in page.objects { sizes[object.size, default: 0] += 1 }
                cursor = page.nextCursor
            } while cursor != nil
            print("[reliability] retries: idempotency markers by size: \(sizes.sorted { $0.key < $1.key })")
            await storage.shutdown()
        }

        /// Sends the same keyed upload three times, then keeps retrying (bounded) until one is acknowledged.
        static func client(_ client: Int, key: String, hub: DataHubProcess, tally: Tally) async -> Attempts {
            var result = Attempts(client: client, body: Reliability.body("retry-\(client)", padding: client))
            let deadline = ContinuousClock.now + .seconds(20)
            var attempt = 0
            while attempt < 3 || (result.names.isEmpty && ContinuousClock.now < deadline) {
                attempt += 1
                let response = await ReliabilityTests.Crash.timed("POST keyed", hub: hub, tally: tally, streaming: false) {
                    try await HTTP.request(
                        "POST",
                        hub.baseURL + "/data",
                        headers: ["Content-Type": "application/json", "Idempotency-Key": key],
                        body: result.body,
                        timeout: 10
                    )
                }
                result.statuses.append(response?.status ?? -1)
                if let response, response.status == 201, let name = response.json["filename"] as? String {
                    result.names.insert(name)
                    if response.header("Idempotent-Replayed") == "true" {
                        result.replays += 1
                        tally.add("replayed")
                    }
                }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 100...400)))
            }
            return result
        }
    }
}
