import Foundation
import Testing

extension ReliabilityTests {
    /// Item 4 of issue 7: API keys guard every data route, secrets never leak, and S3 over HTTPS needs the right CA.
    @Suite(.serialized) struct Secrets {
        /// Every response seen, as text, for the leak grep.
        final class Transcript: @unchecked Sendable {
            private let lock = NSLock()
            private var texts: [String] = []
            /// Keeps the status, headers and body of `response`.
            func record(_ response: HTTP.Response) {
                let head = response.headers.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "\n")
                lock.withLock { texts.append("\(response.status)\n\(head)\n\(response.text)") }
            }
            /// Everything recorded, as one text.
            var all: String { lock.withLock { texts.joined(separator: "\n---\n") } }
            /// How many responses were recorded.
            var count: Int { lock.withLock { texts.count } }
        }

        @Test func apiKeysGuardDataRoutesAndNoSecretEverAppears() async throws {
            let s3 = try await SeaweedFSServer.start()
            defer { s3.stop() }
            let keys = ["k1-" + UUID().uuidString, "k2-" + UUID().uuidString]
            let hub = try await Reliability.hub(s3, environment: ["DATAHUB_API_KEYS": keys.joined(separator: ",")])
            let transcript = Transcript()
            func call(_ method: String, _ path: String, auth: String?, body: Data? = nil) async throws -> HTTP.Response {
                var headers = ["Content-Type": "application/json"]
                if let auth { headers["Authorization"] = auth }
                let response = try await HTTP.request(method, hub.baseURL + path, headers: headers, body: body, timeout: 10)
                transcript.record(response)
                return response
            }
            for path in ["/", "/health", "/storage/health", "/openapi.json"] {
                #expect(try await call("GET", path, auth: nil).status == 200, "\(path) must stay public")
            }
            let good = "Bearer \(keys[1])"
            let created = try await call("POST", "/data", auth: good, body: Reliability.body("secret-test"))
            #expect(created.status == 201)
            let name = try #require(created.json["filename"] as? String)
            let refusals: [String?] = [
                nil, "Bearer", "Bearer ", "Bearer wrong", "Bearer \(keys[0].dropLast())", "Bearer \(keys[0])x", "Basic \(keys[0])",
                keys[0], "Bearer  \(keys[0]) extra", "Bearer \u{7f}", "Token \(keys[1])",
            ]
            let routes: [(String, String)] = [
                ("GET", "/data"), ("POST", "/data"), ("GET", "/data/\(name)"), ("HEAD", "/data/\(name)"),
                ("DELETE", "/data/\(name)"), ("GET", "/metrics"),
            ]
            var refused = 0
            for auth in refusals {
                for (method, path) in routes {
                    let response = try await call(method, path, auth: auth, body: method == "POST" ? Data("{}".utf8) : nil)
                    // A control character in a header value is refused by the HTTP layer itself (bare 400), before auth.
                    if auth?.contains("\u{7f}") == true, response.status == 400 {
                        refused += 1
                        continue
                    }
                    #expect(response.status == 401, "\(method) \(path) with \(auth.map { "a bad key (\($0.count) chars)" } ?? "no key")")
                    #expect(response.header("WWW-Authenticate") != nil)
                    refused += 1
                }
            }
            // With the good key each route answers its own success status, exactly.
            for (method, path, wanted) in routes.dropLast(2).map({ ($0.0, $0.1, $0.0 == "POST" ? 201 : 200) })
                + [("GET", "/metrics", 200), ("DELETE", "/data/\(name)", 200)]
            {
                let response = try await call(method, path, auth: good, body: method == "POST" ? Data("[1]".utf8) : nil)
                #expect(response.status == wanted, "\(method) \(path) with a good key")
            }
            s3.kill()
            try await APIEndToEndTests.waitFor("storage DOWN", within: 5) { try await call("GET", "/storage/health", auth: nil).status == 503 }
            for (method, path) in routes.dropLast() {
                #expect(try await call(method, path, auth: good, body: method == "POST" ? Data("[2]".utf8) : nil).status == 503)
            }
            let wrongSecret = "WRONG" + UUID().uuidString
            let misconfigured = try await Reliability.hub(
                s3,
                environment: ["MINIO_SECRET_KEY": wrongSecret, "DATAHUB_API_KEYS": keys[0]],
                waitForStorage: false
            )
            try await s3.restart()
            try await Task.sleep(for: .seconds(2))
            let deniedHealth = try await HTTP.request("GET", misconfigured.baseURL + "/storage/health")
            transcript.record(deniedHealth)
            transcript.record(
                try await HTTP.request(
                    "POST",
                    misconfigured.baseURL + "/data",
                    headers: ["Authorization": "Bearer \(keys[0])"],
                    body: Data("{}".utf8)
                )
            )
            let logs = hub.logText() + misconfigured.logText()
            let secrets = [s3.secretKey, wrongSecret] + keys
            print(
                "[reliability] secrets: \(transcript.count) responses (\(refused) refusals) and \(logs.split(separator: "\n").count) log lines grepped; storage with a wrong secret: \(deniedHealth.status)"
            )
            // A store that refuses the secret is storage trouble: 503 with the store's refusal, never a 200 or a 500.
            #expect(deniedHealth.status == 503, "storage health with a wrong secret: \(deniedHealth.status) \(deniedHealth.text)")
            #expect(!logs.isEmpty)
            for secret in secrets {
                #expect(!transcript.all.contains(secret), "a response holds a secret")
                #expect(!logs.contains(secret), "the log holds a secret")
            }
            await misconfigured.stop()
            #expect(await hub.stop() == 0)
        }

        @Test func s3OverHTTPSWorksWithItsCAAndFailsClearlyWithout() async throws {
            let s3 = try await SeaweedFSServer.start(tls: true)
            defer { s3.stop() }
            let caFile = try #require(s3.caFile)
            #expect(s3.endpoint.hasPrefix("https://"))
            let trusted = try await Reliability.hub(s3, arguments: Reliability.fastTimeouts + ["--s3-ca-file", caFile])
            let created = try await HTTP.upload(trusted.baseURL, #"{"over":"tls"}"#)
            #expect(created.status == 201)
            let name = try #require(created.json["filename"] as? String)
            #expect(try await HTTP.request("GET", trusted.baseURL + "/data/\(name)?raw=true").text == #"{"over":"tls"}"#)
            #expect(await trusted.stop() == 0)

            let untrusted = try await Reliability.hub(s3, waitForStorage: false)
            try await Task.sleep(for: .seconds(1.5))
            let health = try await HTTP.request("GET", untrusted.baseURL + "/storage/health")
            let upload = try await HTTP.upload(untrusted.baseURL, "[1]")
            let log = untrusted.logText()
            print("[reliability] TLS without the CA: /storage/health \(health.status): \(health.json["error"] ?? "")")
            #expect(health.status == 503)
            #expect(upload.status == 503)
            #expect((health.json["error"] as? String)?.lowercased().contains("certificate") == true, "\(health.text)")
            let cause = log.lowercased()
            #expect(
                cause.contains("certificate") && (cause.contains("verif") || cause.contains("self-signed") || cause.contains("self signed")),
                "the log must say the certificate could not be verified"
            )
            #expect(await untrusted.stop() == 0)
        }
    }
}
