import Foundation
import Testing

extension ReliabilityTests {
    /// Item 2 of issue 7: slow and half-broken storage through a fault-injecting TCP proxy.
    @Suite(.serialized) struct Proxy {
        /// SeaweedFS, a proxy in front of it, and DataHub talking to the proxy.
        static func start() async throws -> (SeaweedFSServer, TCPProxy, DataHubProcess) {
            let s3 = try await SeaweedFSServer.start()
            do {
                let proxy = try TCPProxy(upstreamPort: s3.s3Port)
                let hub = try await Reliability.hub(s3, endpoint: proxy.endpoint)
                return (s3, proxy, hub)
            } catch {
                s3.stop()
                throw error
            }
        }

        /// One request, timed.
        static func timed(_ method: String, _ url: String, body: Data? = nil) async throws -> (HTTP.Response, Double) {
            let start = ContinuousClock.now
            let response = try await HTTP.request(method, url, headers: ["Content-Type": "application/json"], body: body, timeout: 15)
            return (response, Reliability.since(start))
        }

        @Test func latencyResetsAndStallsGive503InBoundedTimeAndThePoolRecovers() async throws {
            let (s3, proxy, hub) = try await Self.start()
            defer {
                s3.stop()
                proxy.stop()
            }
            let created = try await HTTP.upload(hub.baseURL, #"{"proxy":1}"#)
            let name = try #require(created.json["filename"] as? String)
            let bound = Reliability.storageTimeout + 1
            let calls: [(String, String, Data?)] = [
                ("POST", "/data", Reliability.body("slow")), ("GET", "/data/\(name)", nil), ("GET", "/data?limit=10", nil),
                ("HEAD", "/data/\(name)", nil), ("DELETE", "/data/\(name)", nil),
            ]
            for mode in [TCPProxy.Mode.latency(.seconds(3)), .reset, .stall] {
                proxy.setMode(mode)
                for (method, path, body) in calls {
                    let (response, seconds) = try await Self.timed(method, hub.baseURL + path, body: body)
                    #expect(response.status == 503, "\(mode) \(method) \(path)")
                    #expect(response.header("Retry-After") != nil)
                    #expect(seconds <= bound, "\(mode) \(method) \(path) took \(seconds) s")
                }
                proxy.setMode(.pass)
                let recovered = ContinuousClock.now
                try await APIEndToEndTests.waitFor("upload after \(mode)", within: 6) { try await HTTP.upload(hub.baseURL, "[2]").status == 201 }
                print("[reliability] proxy \(mode): 503s within \(bound) s; recovered in \(String(format: "%.1f", Reliability.since(recovered))) s")
            }
            #expect(try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true").text == #"{"proxy":1}"#)
            #expect(await hub.stop() == 0)
        }

        @Test func healthAnswersWithinOneSecondWhileStorageStalls() async throws {
            let (s3, proxy, hub) = try await Self.start()
            defer {
                s3.stop()
                proxy.stop()
            }
            proxy.setMode(.stall)
            let stalledAt = ContinuousClock.now
            // Keep storage slots busy with stalled calls while /health is polled.
            let pollFor = Reliability.soak ? 30.0 : 5.0
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<24 {
                        group.addTask {
                            while Reliability.since(stalledAt) < pollFor - 1 {
                                _ = try? await HTTP.upload(hub.baseURL, "{\"stalled\":\(index)}")
                                _ = try? await HTTP.request("GET", hub.baseURL + "/data?limit=5", timeout: 15)
                            }
                        }
                    }
                }
            }
            var times: [Double] = []
            var sawDown: Double?
            while Reliability.since(stalledAt) < pollFor {
                let (health, seconds) = try await Self.timed("GET", hub.baseURL + "/health")
                #expect(health.status == 200)
                times.append(seconds)
                if sawDown == nil, try await HTTP.request("GET", hub.baseURL + "/storage/health", timeout: 2).status == 503 {
                    sawDown = Reliability.since(stalledAt)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let sorted = times.sorted()
            let slowest = sorted.last ?? 0
            let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
            await load.value
            print(
                "[reliability] /health under a stalled store: \(times.count) polls, p99 \(String(format: "%.3f", p99)) s, slowest \(String(format: "%.3f", slowest)) s; storage DOWN after \(sawDown ?? -1) s"
            )
            #expect(slowest < 1)
            #expect(sawDown.map { $0 <= 3 } == true, "the probe must notice the stall within interval + health timeout + margin")
            proxy.setMode(.pass)
            try await APIEndToEndTests.waitFor("storage UP", within: 5) {
                try await HTTP.request("GET", hub.baseURL + "/storage/health").status == 200
            }
            try await APIEndToEndTests.waitFor("upload after the stall", within: 5) { try await HTTP.upload(hub.baseURL, "[3]").status == 201 }
            #expect(await hub.stop() == 0)
        }

        @Test func aStalledDownloadClosesTheConnectionBeforeTheFullBody() async throws {
            let (s3, proxy, hub) = try await Self.start()
            defer {
                s3.stop()
                proxy.stop()
            }
            var body = Data("[".utf8)
            let filler = Data(String(repeating: "1234567,", count: 1024).utf8)
            while body.count < 10 * 1_048_576 { body.append(filler) }
            body.append(Data("0]".utf8))
            let created = try await HTTP.request(
                "POST",
                hub.baseURL + "/data",
                headers: ["Content-Type": "application/json"],
                body: body,
                timeout: 120
            )
            let name = try #require(created.json["filename"] as? String)
            for query in ["?raw=true", ""] {
                proxy.setMode(.stallAfter(bytes: 1_048_576))
                let request = "GET /data/\(name)\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                let reply = await RawHTTP.exchange(port: hub.port, [RawHTTP.Piece(request)], timeout: 10)
                print(
                    "[reliability] stalled download \(query): status \(reply.status ?? 0), \(reply.body.count) bytes, \(reply.ending) after \(String(format: "%.1f", reply.seconds)) s"
                )
                #expect(reply.status == 200, "the stream must have started before the stall")
                if reply.status == 200 {
                    #expect(reply.ending == .closed || reply.ending == .reset, "\(query): the connection must be closed, not left open or completed")
                    #expect(reply.body.count < body.count)
                    if let length = reply.contentLength { #expect(reply.body.count < length) }
                    #expect(reply.seconds <= Reliability.storageTimeout + 2)
                }
                proxy.setMode(.pass)
                try await APIEndToEndTests.waitFor("storage UP", within: 5) {
                    try await HTTP.request("GET", hub.baseURL + "/storage/health").status == 200
                }
            }
            let whole = try await HTTP.request("GET", hub.baseURL + "/data/\(name)?raw=true", timeout: 60)
            #expect(whole.body == body)
            #expect(await hub.stop() == 0)
        }
    }
}
