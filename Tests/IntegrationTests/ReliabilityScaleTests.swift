import DataHubService
import DataHubStorage
import Foundation
import NIOCore
import Testing

extension ReliabilityTests {
    /// Items 6 and 7 of issue 7: two replicas on one bucket, and a bucket of 20,000 (soak: 100,000) objects.
    @Suite(.serialized) struct Scale {
        @Test func twoReplicasOnOneBucketKeepEveryUpload() async throws {
            let s3 = try await SeaweedFSServer.start()
            defer { s3.stop() }
            let first = try await Reliability.hub(s3)
            let second = try await Reliability.hub(s3)
            #expect(first.logDirectory != second.logDirectory)
            let total = 2000
            let start = ContinuousClock.now
            let uploads = try await withThrowingTaskGroup(of: (String, Data).self) { group in
                for index in 0..<total {
                    group.addTask {
                        let hub = index % 2 == 0 ? first : second
                        let body = Reliability.body("replica-\(index)", padding: index % 97)
                        let response = try await HTTP.request(
                            "POST",
                            hub.baseURL + "/data",
                            headers: ["Content-Type": "application/json"],
                            body: body,
                            timeout: 120
                        )
                        guard response.status == 201, let name = response.json["filename"] as? String else {
                            throw TestFailure("upload \(index) answered \(response.status): \(response.text.prefix(200))")
                        }
                        return (name, body)
                    }
                }
                var all = [(String, Data)]()
                for try await pair in group { all.append(pair) }
                return all
            }
            let seconds = Reliability.since(start)
            #expect(Set(uploads.map(\.0)).count == total)
            let listedByFirst = try await Reliability.listAll(first)
            let listedBySecond = try await Reliability.listAll(second)
            #expect(Set(listedByFirst) == Set(uploads.map(\.0)))
            #expect(Set(listedBySecond) == Set(listedByFirst))
            let wrong = try await withThrowingTaskGroup(of: Int.self) { group in
                for lane in 0..<16 {
                    group.addTask {
                        var wrong = 0
                        for offset in stride(from: lane, to: uploads.count, by: 16) {
                            let (name, body) = uploads[offset]
                            let reader = offset % 2 == 0 ? second : first
                            if try await HTTP.request("GET", reader.baseURL + "/data/\(name)?raw=true").body != body { wrong += 1 }
                        }
                        return wrong
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(wrong == 0)
            let victim = uploads[0].0
            #expect(try await HTTP.request("DELETE", first.baseURL + "/data/\(victim)").status == 200)
            #expect(try await !Reliability.listAll(second).contains(victim))
            #expect(try await HTTP.request("GET", second.baseURL + "/data/\(victim)").status == 404)
            print(
                "[reliability] scale-out: \(total) uploads over 2 replicas in \(String(format: "%.1f", seconds)) s, distinct=\(Set(uploads.map(\.0)).count) wrong=\(wrong)"
            )
            #expect(await first.stop() == 0)
            #expect(await second.stop() == 0)
        }

        @Test func completeListingOfABigBucketKeepsMemoryBounded() async throws {
            let s3 = try await SeaweedFSServer.start()
            defer { s3.stop() }
            let hub = try await Reliability.hub(s3)
            let count = Reliability.soak ? 100_000 : 20_000
            let loadStart = ContinuousClock.now
            try await Self.bulkLoad(s3, count: count)
            let loadSeconds = Reliability.since(loadStart)
            let pid = hub.process.processIdentifier
            let rssBefore = Reliability.rssKiB(pid)
            let peak = SharedInt(rssBefore)
            let sampler = Task {
                while !Task.isCancelled {
                    let now = Reliability.rssKiB(pid)
                    peak.raise(to: now)
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
            let listStart = ContinuousClock.now
            let names = try await Reliability.listAll(hub)
            let listSeconds = Reliability.since(listStart)
            sampler.cancel()
            let growth = peak.current - rssBefore
            print(
                """
                [reliability] bucket scale: \(count) objects loaded in \(String(format: "%.1f", loadSeconds)) s; GET /data listed \(names.count) \
                in \(String(format: "%.1f", listSeconds)) s; RSS \(rssBefore) KiB, peak growth \(growth) KiB
                """
            )
            #expect(names.count == count)
            #expect(Set(names).count == count)
            #expect(growth < 64 * 1024, "RSS grew by \(growth) KiB")
            #expect(await hub.stop() == 0)
        }

        /// Puts `count` small objects straight into the bucket with 32 concurrent `S3Storage` puts.
        static func bulkLoad(_ s3: SeaweedFSServer, count: Int) async throws {
            let storage = s3.makeStorage(workers: 32)
            let next = SharedInt()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        while true {
                            let index = next.next()
                            guard index < count else { return }
                            let key = String(format: "bulk/%03d/data_%07d.json", index % 100, index)
                            let body = ByteBuffer(string: "{\"i\":\(index)}")
                            _ = try await storage.put(key: key, body: .buffer(body), contentType: "application/json", createOnly: false)
                        }
                    }
                }
                try await group.waitForAll()
            }
            await storage.shutdown()
        }
    }
}
