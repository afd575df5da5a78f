import Foundation
import Testing

/// The real binary against a real SeaweedFS: the HTTP contract, concurrency, large bodies, outage and recovery.
@Suite(.serialized) struct APIEndToEndTests {
    static func start(_ extra: [String] = []) async throws -> (SeaweedFSServer, DataHubProcess) {
        let s3 = try await SeaweedFSServer.start()
        do {
            let hub = try await DataHubProcess(
                arguments: extra,
                environment: ["MINIO_ENDPOINT": s3.endpoint, "MINIO_ACCESS_KEY": s3.accessKey, "MINIO_SECRET_KEY": s3.secretKey]
            )
            try await waitFor("storage UP") { try await HTTP.request("GET", hub.baseURL + "/storage/health").status == 200 }
            return (s3, hub)
        } catch {
            s3.stop()
            throw error
        }
    }

    static func waitFor(_ what: String, within seconds: Double = 10, _ check: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? await check()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("\(what) did not happen within \(seconds) s")
    }

    @Test func foldersSpacesAndUnicodeWorkInEveryRoute() async throws {
        let (s3, hub) = try await Self.start()
        defer { s3.stop() }
        let created = try await HTTP.upload(hub.baseURL, #"{"naïve": "日本"}"#, prefix: "my%20folder/%C3%BC")
        #expect(created.status == 201)
        let name = try #require(created.json["filename"] as? String)
        #expect(name.hasPrefix("my folder/ü/data_"))
        let sha256 = try #require(created.json["sha256"] as? String)
        let location = try #require(created.header("Location"))
        let read = try await HTTP.request("GET", hub.baseURL + location)
        #expect(read.status == 200)
        #expect(read.text == "{\"filename\":\"\(name)\",\"sha256\":\"\(sha256)\",\"data\":{\"naïve\": \"日本\"}}")
        let listed = try await HTTP.request("GET", hub.baseURL + "/data?prefix=my%20folder/%C3%BC/")
        #expect((listed.json["files"] as? [[String: Any]])?.compactMap { $0["filename"] as? String } == [name])
        let head = try await HTTP.request("HEAD", hub.baseURL + location)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "\(#"{"naïve": "日本"}"#.utf8.count)")
        #expect(try await HTTP.request("DELETE", hub.baseURL + location).status == 200)
        #expect(try await HTTP.request("GET", hub.baseURL + location).status == 404)
        #expect(try await HTTP.request("GET", hub.baseURL + "/data/a//b").status == 400)
        #expect(await hub.stop() == 0)
    }

    @Test func fiveHundredConcurrentUploadsGiveFiveHundredObjects() async throws {
        let (s3, hub) = try await Self.start()
        defer { s3.stop() }
        let names = try await withThrowingTaskGroup(of: (String, String).self) { group in
            for i in 0..<500 {
                group.addTask {
                    let body = "{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: i % 50))\"}"
                    let response = try await HTTP.upload(hub.baseURL, body)
                    guard response.status == 201, let name = response.json["filename"] as? String else {
                        throw TestFailure("upload \(i) answered \(response.status): \(response.text)")
                    }
                    return (name, body)
                }
            }
            var all = [(String, String)]()
            for try await pair in group { all.append(pair) }
            return all
        }
        #expect(Set(names.map(\.0)).count == 500)
        let listing = try await HTTP.request("GET", hub.baseURL + "/data")
        #expect(listing.json["count"] as? Int == 500)
        for (name, body) in names.prefix(100) {
            #expect(try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true").text == body)
        }
        await hub.stop()
    }

    @Test func completeListingAndCursorsReach2500Objects() async throws {
        let (s3, hub) = try await Self.start()
        defer { s3.stop() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<25 {
                group.addTask {
                    for i in 0..<100 {
                        let response = try await HTTP.upload(hub.baseURL, "[\(worker),\(i)]", prefix: worker % 2 == 0 ? "even" : nil)
                        guard response.status == 201 else { throw TestFailure("upload answered \(response.status)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let all = try await HTTP.request("GET", hub.baseURL + "/data")
        let files = all.json["files"] as? [[String: Any]] ?? []
        #expect(files.count == 2500)
        #expect(all.json["count"] as? Int == 2500)
        #expect(Set(files.compactMap { $0["filename"] as? String }).count == 2500)
        var seen = Set<String>()
        var cursor: String?
        var pages = 0
        repeat {
            let query = cursor.map { "&cursor=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? ""
            let page = try await HTTP.request("GET", hub.baseURL + "/data?limit=1000" + query)
            let names = (page.json["files"] as? [[String: Any]] ?? []).compactMap { $0["filename"] as? String }
            #expect(seen.isDisjoint(with: names))
            seen.formUnion(names)
            cursor = page.json["next_cursor"] as? String
            pages += 1
        } while cursor != nil && pages < 10
        #expect(seen.count == 2500)
        await hub.stop()
    }

    @Test func hundredMiBUploadIsAcceptedAndOneMoreByteIs413() async throws {
        let (s3, hub) = try await Self.start()
        defer { s3.stop() }
        let limit = 100 * 1_048_576
        var body = Data(capacity: limit + 1)
        body.append(UInt8(ascii: "["))
        let filler = Data(String(repeating: "1234567,", count: 1024).utf8)
        while body.count + filler.count < limit - 1 { body.append(filler) }
        body.append(Data(String(repeating: " ", count: limit - 2 - body.count).utf8))
        body.append(contentsOf: Array("0]".utf8))
        #expect(body.count == limit)
        let accepted = try await HTTP.request("POST", hub.baseURL + "/data", headers: ["Content-Type": "application/json"], body: body, timeout: 300)
        #expect(accepted.status == 201)
        let name = try #require(accepted.json["filename"] as? String)
        let back = try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true", timeout: 300)
        #expect(back.body == body)
        var bigger = body
        bigger.insert(UInt8(ascii: " "), at: 1)
        let refused = try await HTTP.request("POST", hub.baseURL + "/data", headers: ["Content-Type": "application/json"], body: bigger, timeout: 300)
        #expect(refused.status == 413)
        await hub.stop()
    }

    @Test func outageGives503FastAndRecoversWithoutRestart() async throws {
        let (s3, hub) = try await Self.start()
        defer { s3.stop() }
        let before = try await HTTP.upload(hub.baseURL, #"{"before":"outage"}"#)
        let name = try #require(before.json["filename"] as? String)
        s3.kill()
        let killedAt = Date()
        try await Self.waitFor("storage 503", within: 3) { try await HTTP.request("GET", hub.baseURL + "/storage/health").status == 503 }
        #expect(Date().timeIntervalSince(killedAt) < 2.5)
        #expect(try await HTTP.request("GET", hub.baseURL + "/health").status == 200)
        let calls: [(String, String, Data?)] = [
            ("POST", "/data", Data("{}".utf8)), ("GET", "/data/\(name)", nil), ("GET", "/data", nil), ("DELETE", "/data/\(name)", nil),
        ]
        for (method, path, body) in calls {
            let start = Date()
            let response = try await HTTP.request(method, hub.baseURL + path, headers: ["Content-Type": "application/json"], body: body)
            #expect(response.status == 503, "\(method) \(path)")
            #expect(response.header("Retry-After") != nil)
            #expect(response.json["code"] as? String == "storage_unavailable")
            #expect(Date().timeIntervalSince(start) < 2)
        }
        try await s3.restart()
        // From here the store answers HTTP: the monitor must see it UP within the README's 2 s. The wait itself
        // is longer, so that a slow recovery is measured and reported rather than cut off.
        let answeringAt = Date()
        try await Self.waitFor("storage UP after restart", within: 8) { try await HTTP.request("GET", hub.baseURL + "/storage/health").status == 200 }
        let recovery = Date().timeIntervalSince(answeringAt)
        print("[api] storage UP \(String(format: "%.2f", recovery)) s after the store answered again")
        #expect(recovery <= 2.0, "the monitor turned UP \(recovery) s after the store answered (README: within 2 s)")
        // A freshly restarted SeaweedFS answers 5xx to writes until its volume server has registered again
        // (DataHub passes that on as 503); the first upload succeeds as soon as the store accepts it.
        try await Self.waitFor("upload after restart", within: 15) { try await HTTP.upload(hub.baseURL, "[1]").status == 201 }
        #expect(try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true").text == #"{"before":"outage"}"#)
        #expect(hub.process.isRunning)
        #expect(await hub.stop() == 0)
    }
}
