import Digests
import Foundation
import Testing

@testable import S3Signer

/// The cached signing key and the pad-based HMAC must never change a signature, from one thread or many.
@Suite struct SigningKeyCacheTests {
    static let credentials = S3Credentials(accessKey: "AKIAEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let payloadHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    /// 2026-11-25T12:00:00Z and, a day and a minute later, 2026-11-26T12:01:00Z.
    static let dates = [Date(timeIntervalSince1970: 1_795_608_000), Date(timeIntervalSince1970: 1_795_694_460)]
    static let regions = ["us-east-1", "eu-west-3"]

    static let requests = [
        SignableRequest(
            method: "PUT",
            host: "127.0.0.1:8333",
            path: "/analytics-data/reports/2026/data_20261125_120000_123456_abcd.json",
            headers: [("content-type", "application/json"), ("content-length", "1024"), ("If-None-Match", "*")]
        ),
        SignableRequest(
            method: "GET",
            host: "127.0.0.1:8333",
            path: "/analytics-data",
            query: [("list-type", "2"), ("prefix", "reports/2026/"), ("max-keys", "1000")]
        ),
        SignableRequest(method: "HEAD", host: "localhost:9000", path: "/b/a b/ü+=~%.json", headers: [("Range", "  bytes=0-9 ")]),
    ]

    /// The Authorization value built from the reference stages: the key derived afresh, HMAC by `Digest.hmacSHA256`.
    static func uncachedAuthorization(_ signer: SigV4Signer, _ request: SignableRequest, date: Date) -> String {
        let amzDate = AmzDate(date)
        let headers = signer.headersToSign(request) + [("x-amz-date", amzDate.timestamp), ("x-amz-content-sha256", payloadHash)]
        let canonical = SigV4Signer.canonicalRequest(
            method: request.method,
            path: request.path,
            query: request.query,
            headers: headers,
            payloadHash: payloadHash
        )
        let signature = signer.signature(stringToSign: signer.stringToSign(canonicalRequest: canonical, date: amzDate), day: amzDate.day)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKey)/\(signer.credentialScope(day: amzDate.day)),"
            + "SignedHeaders=\(SigV4Signer.canonicalHeaders(headers).signed),Signature=\(signature)"
    }

    @Test func cachedKeySignsLikeAFreshDerivationAcrossDaysAndRegions() {
        for region in Self.regions {
            let signer = SigV4Signer(credentials: Self.credentials, region: region)
            // Alternate the days so the one-entry cache is replaced, then hit, several times.
            for date in Self.dates + Self.dates.reversed() + Self.dates {
                for request in Self.requests {
                    let signed = signer.signedHeaders(for: request, payloadHash: Self.payloadHash, date: date)
                    #expect(signed.map(\.name) == ["x-amz-date", "x-amz-content-sha256", "authorization"])
                    #expect(signed[2].value == Self.uncachedAuthorization(signer, request, date: date))
                }
            }
        }
        // The four signatures (2 days x 2 regions) differ from each other: the cache never hands out another's key.
        let request = Self.requests[0]
        let signatures = Self.regions.flatMap { region in
            Self.dates.map { date in
                let signer = SigV4Signer(credentials: Self.credentials, region: region)
                return signer.signedHeaders(for: request, payloadHash: Self.payloadHash, date: date)[2].value.suffix(64)
            }
        }
        #expect(Set(signatures).count == 4)
    }

    @Test func presignedURLWithCachedKeyMatchesTheReferenceSignature() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "eu-west-3")
        for date in Self.dates + Self.dates {
            let request = Self.requests[0]
            let url = signer.presignedURL(for: request, scheme: "https", expires: 900, date: date)
            let amzDate = AmzDate(date)
            let query =
                request.query + [
                    ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
                    ("X-Amz-Credential", "AKIAEXAMPLE/\(signer.credentialScope(day: amzDate.day))"),
                    ("X-Amz-Date", amzDate.timestamp), ("X-Amz-Expires", "900"),
                    ("X-Amz-SignedHeaders", SigV4Signer.canonicalHeaders(signer.headersToSign(request)).signed),
                ]
            let canonical = SigV4Signer.canonicalRequest(
                method: request.method,
                path: request.path,
                query: query,
                headers: signer.headersToSign(request),
                payloadHash: SigV4Signer.unsignedPayload
            )
            let stringToSign = signer.stringToSign(canonicalRequest: canonical, date: amzDate)
            let signature = signer.signature(stringToSign: stringToSign, day: amzDate.day)
            #expect(url.hasSuffix("&X-Amz-Signature=\(signature)"))
            #expect(url.hasPrefix("https://127.0.0.1:8333\(SigV4Signer.encodePath(request.path))?\(SigV4Signer.canonicalQuery(query))&"))
        }
    }

    @Test func cacheKeepsOnlyTheLatestDay() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        let (first, second) = (AmzDate(Self.dates[0]).day, AmzDate(Self.dates[1]).day)
        _ = signer.signedHeaders(for: Self.requests[0], payloadHash: Self.payloadHash, date: Self.dates[0])
        _ = signer.signedHeaders(for: Self.requests[0], payloadHash: Self.payloadHash, date: Self.dates[1])

        var derived: [String] = []
        let latest = signer.keyCache.key(day: second) {
            derived.append(second)
            return SigningKey(day: second, key: signer.signingKey(day: second))
        }
        #expect(latest.day == second)
        #expect(derived.isEmpty, "the latest day's key should come from the cache")
        let earlier = signer.keyCache.key(day: first) {
            derived.append(first)
            return SigningKey(day: first, key: signer.signingKey(day: first))
        }
        #expect(earlier.day == first)
        #expect(derived == [first], "only one day is kept, so the earlier key is derived again")
    }

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 119, 200, 1000])
    func padBasedHMACMatchesDigestHMAC(_ length: Int) {
        var rng = SplitMix64(seed: UInt64(length) + 1)
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var hex = [UInt8]()
        SigningKey(day: "20261125", key: key).appendHMACHex(to: &hex, capacity: 0) { $0.append(contentsOf: message) }
        #expect(String(decoding: hex, as: UTF8.self) == Digest.hex(Digest.hmacSHA256(key: key, data: message)))
    }

    @Test func concurrentSigningFromManyThreadsMatchesSerialSigning() async {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        // Three days, so threads keep replacing the shared one-entry cache under each other.
        let dates = Self.dates + [Date(timeIntervalSince1970: 1_795_780_800)]
        let cases = dates.flatMap { date in Self.requests.map { (request: $0, date: date) } }
        let reference = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        let expected = cases.map { reference.signedHeaders(for: $0.request, payloadHash: Self.payloadHash, date: $0.date).map(\.value) }
        #expect(expected.map { $0[2] } == cases.map { Self.uncachedAuthorization(reference, $0.request, date: $0.date) })

        let threads = 8
        let rounds = 300
        let mismatches = Counter()
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for thread in 0..<threads {
                group.enter()
                Thread {
                    for round in 0..<rounds {
                        // Each thread walks the cases in its own rotation, so different days are signed at once.
                        let index = (round * (thread + 1) + thread) % cases.count
                        let values = signer.signedHeaders(for: cases[index].request, payloadHash: Self.payloadHash, date: cases[index].date)
                        if values.map(\.value) != expected[index] { mismatches.increment() }
                    }
                    group.leave()
                }.start()
            }
            group.notify(queue: .global()) { finished.resume() }
        }
        #expect(mismatches.value == 0, "\(mismatches.value) of \(threads * rounds) concurrent signatures differ")
    }

    @Test func neitherTheSignerNorItsCacheShowsSecrets() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1")
        _ = signer.signedHeaders(for: Self.requests[0], payloadHash: Self.payloadHash, date: Self.dates[0])
        let day = AmzDate(Self.dates[0]).day
        let keyHex = Digest.hex(signer.signingKey(day: day))
        let cached = signer.keyCache.key(day: day) { SigningKey(day: day, key: signer.signingKey(day: day)) }
        var dumped = ""
        dump(signer.keyCache, to: &dumped)
        dump(cached, to: &dumped)
        for text in ["\(signer)", String(reflecting: signer), "\(signer.keyCache)", "\(cached)", dumped] {
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains(keyHex))
        }
        #expect(Mirror(reflecting: signer.keyCache).children.isEmpty)
        #expect(Mirror(reflecting: cached).children.map(\.label) == ["day"])
    }

    @Test func dumpingTheSignerOrItsCredentialsNeverShowsTheSecret() {
        let signer = SigV4Signer(credentials: Self.credentials, region: Self.regions[0])
        var dumped = ""
        dump(signer, to: &dumped)
        dump(Self.credentials, to: &dumped)
        #expect(dumped.contains("AKIAEXAMPLE"))
        #expect(!dumped.contains("wJalrXUtnFEMI"))
        #expect(!String(reflecting: Self.credentials).contains("wJalrXUtnFEMI"))
    }
}

/// A thread-safe counter for the concurrency test.
private final class Counter: @unchecked Sendable {
    // @unchecked: `count` is only touched with `lock` held.
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
