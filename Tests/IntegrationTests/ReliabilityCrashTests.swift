import Foundation
import Testing

extension ReliabilityTests {
    /// Item 1 of issue 7: SeaweedFS is SIGKILLed under a mixed load of 16 clients and restarted; nothing
    /// acknowledged is lost, nothing answers 500, nothing waits past the timeout, DataHub never restarts.
    @Suite(.serialized) struct Crash {
        /// What one client knows at the end: objects it owns, with their bytes.
        struct ClientRecord: Sendable {
            /// Acknowledged uploads not deleted since, with the bytes sent.
            var alive: [String: Data] = [:]
            /// Objects whose delete answered 200.
            var deleted: Set<String> = []
            /// The bytes of every acknowledged upload, deleted or not.
            var sent: [String: Data] = [:]
            /// Uploads or deletes whose outcome is unknown (a 503): not checked either way.
            var uncertain: Set<String> = []
        }

        @Test func storeCrashUnderLoadLosesNothing() async throws {
            let s3 = try await SeaweedFSServer.start()
            defer { s3.stop() }
            let hub = try await Reliability.hub(s3)
            let pid = hub.process.processIdentifier
            let duration = Reliability.soak ? 30.0 : 12.0
            let tally = Tally()
            let start = ContinuousClock.now
            let records = Task {
                try await withThrowingTaskGroup(of: ClientRecord.self) { group in
                    for client in 0..<16 {
                        group.addTask { await Self.runClient(client, hub: hub, until: start + .seconds(duration), tally: tally) }
                    }
                    var all = [ClientRecord]()
                    for try await record in group { all.append(record) }
                    return all
                }
            }
            try await Task.sleep(until: start + .seconds(duration / 4))
            let rssBefore = Reliability.rssKiB(pid)
            try await Task.sleep(until: start + .seconds(duration / 3))
            s3.kill()
            let killedAt = Reliability.since(start)
            try await Task.sleep(for: .seconds(3))
            try await s3.restart()
            let restartedAt = Reliability.since(start)
            let clients = try await records.value
            try await APIEndToEndTests.waitFor("storage UP after the restart", within: 10) {
                try await HTTP.request("GET", hub.baseURL + "/storage/health").status == 200
            }
            let rssAfter = Reliability.rssKiB(pid)
            let lost = try await Self.verify(clients, hub: hub, tally: tally)
            let slowest = tally.slowest
            print(
                """
                [reliability] crash under load: \(tally.summary) acked=\(tally.count("upload201")) \
                checked=\(clients.reduce(0) { $0 + $1.alive.count }) lost=\(lost) longest=\(String(format: "%.2f", slowest.seconds))s (\(slowest.what)) killed@\(String(format: "%.1f", killedAt))s \
                restarted@\(String(format: "%.1f", restartedAt))s rss \(rssBefore)→\(rssAfter) KiB
                """
            )
            #expect(lost == 0)
            #expect(tally.count("status500") == 0)
            #expect(tally.problemList.isEmpty, "\(tally.problemList)")
            #expect(slowest.seconds <= Reliability.storageTimeout + 1, "longest response \(slowest)")
            #expect(tally.count("upload201") > 50)
            #expect(clients.reduce(0) { $0 + $1.alive.count } > 50, "too few live objects left to check")
            #expect(tally.count("status503") > 0, "the outage must have been seen by some request")
            #expect(hub.process.isRunning && hub.process.processIdentifier == pid)
            #expect(rssBefore > 0 && Double(rssAfter) <= 1.5 * Double(rssBefore), "RSS \(rssBefore) → \(rssAfter) KiB")
            #expect(await hub.stop() == 0)
        }

        /// One client: a random mix of uploads, reads, listings and deletes of its own objects until `deadline`.
        static func runClient(_ client: Int, hub: DataHubProcess, until deadline: ContinuousClock.Instant, tally: Tally) async -> ClientRecord {
            var record = ClientRecord()
            var sequence = 0
            while ContinuousClock.now < deadline {
                sequence += 1
                let dice = Int.random(in: 0..<100)
                if dice < 40 || record.alive.isEmpty {
                    await upload(client, sequence, hub: hub, record: &record, tally: tally)
                } else if dice < 65, let (name, bytes) = record.alive.randomElement() {
                    let outcome = await timed("GET raw", hub: hub, tally: tally, streaming: true) {
                        try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true", timeout: 10)
                    }
                    if let response = outcome, response.status == 200, response.body != bytes { tally.problem("read \(name): wrong bytes") }
                    if let response = outcome, response.status == 404 { tally.problem("read \(name): 404 for an acknowledged upload") }
                } else if dice < 80 {
                    let expected = Set(record.alive.keys)
                    let outcome = await timed("GET list", hub: hub, tally: tally, streaming: true) {
                        try await HTTP.request("GET", hub.baseURL + "/data?prefix=c\(client)/", timeout: 10)
                    }
                    if let response = outcome, response.status == 200 {
                        let names = Set((response.json["files"] as? [[String: Any]] ?? []).compactMap { $0["filename"] as? String })
                        if !expected.isSubset(of: names) {
                            tally.problem("listing of c\(client)/ misses \(expected.subtracting(names).count) acked objects")
                        }
                    }
                } else if dice < 90, record.alive.count > 8, let name = record.alive.keys.randomElement() {
                    let outcome = await timed("DELETE", hub: hub, tally: tally, streaming: false) {
                        try await HTTP.request("DELETE", hub.baseURL + "/data/\(name)", timeout: 10)
                    }
                    let bytes = record.alive.removeValue(forKey: name)
                    switch outcome?.status {
                    case 200: record.deleted.insert(name)
                    case 404: tally.problem("delete \(name): 404 for an acknowledged upload")
                    default:
                        record.uncertain.insert(name)
                        _ = bytes
                    }
                }
            }
            return record
        }

        private static func upload(_ client: Int, _ sequence: Int, hub: DataHubProcess, record: inout ClientRecord, tally: Tally) async {
            let body = Reliability.body("c\(client)-\(sequence)", padding: Int.random(in: 0...3000))
            let outcome = await timed("POST", hub: hub, tally: tally, streaming: false) {
                try await HTTP.request(
                    "POST",
                    hub.baseURL + "/data?prefix=c\(client)",
                    headers: ["Content-Type": "application/json"],
                    body: body,
                    timeout: 10
                )
            }
            guard let response = outcome, response.status == 201 else { return }
            guard let name = response.json["filename"] as? String else {
                tally.problem("201 without a filename")
                return
            }
            if record.alive[name] != nil || record.deleted.contains(name) { tally.problem("name \(name) acknowledged twice") }
            record.alive[name] = body
            record.sent[name] = body
            tally.add("upload201")
        }

        /// Sends one request, times it and checks the failure rules; returns the response, or nil on a transport error.
        static func timed(
            _ what: String,
            hub: DataHubProcess,
            tally: Tally,
            streaming: Bool,
            _ send: () async throws -> HTTP.Response
        ) async -> HTTP.Response? {
            let start = ContinuousClock.now
            tally.add("requests")
            do {
                let response = try await send()
                tally.time(Reliability.since(start), "\(what) → \(response.status)")
                switch response.status {
                case 500...502, 504...599:
                    tally.add("status500")
                    tally.problem("\(what) answered \(response.status): \(response.text.prefix(200))")
                case 503:
                    tally.add("status503")
                    if response.header("Retry-After") == nil { tally.problem("\(what) 503 without Retry-After") }
                default: tally.add("status\(response.status / 100)xx")
                }
                return response
            } catch {
                tally.time(Reliability.since(start), "\(what) → transport error")
                tally.add("transportErrors")
                if !streaming { tally.problem("\(what): transport error on a non-streaming response: \(error)") }
                return nil
            }
        }

        /// Reads back every acknowledged, undeleted object; returns how many are missing or differ.
        static func verify(_ clients: [ClientRecord], hub: DataHubProcess, tally: Tally) async throws -> Int {
            var lost = 0
            for record in clients {
                for (name, bytes) in record.alive {
                    let response = try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true", timeout: 10)
                    if response.status != 200 || response.body != bytes {
                        lost += 1
                        tally.problem("after recovery \(name): \(response.status), \(response.body.count) bytes of \(bytes.count)")
                    }
                }
                for name in record.deleted where try await HTTP.request("HEAD", hub.baseURL + "/data/\(name)").status != 404 {
                    tally.problem("deleted \(name) is back")
                }
                // A delete that answered 503 may or may not have happened: the object is gone or intact, never altered.
                for name in record.uncertain {
                    let response = try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true", timeout: 10)
                    if response.status != 404 && (response.status != 200 || response.body != record.sent[name]) {
                        lost += 1
                        tally.problem("after recovery \(name) (delete unsure): \(response.status)")
                    }
                }
            }
            return lost
        }
    }
}
