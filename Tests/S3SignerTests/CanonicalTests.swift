import Foundation
import Testing

@testable import S3Signer

/// The building blocks of the canonical request, and the small rules around them.
@Suite struct CanonicalTests {
    @Test(arguments: [
        ("/analytics-data/reports/a b/ü+=~%.json", "/analytics-data/reports/a%20b/%C3%BC%2B%3D~%25.json"),
        ("/b/%41%2F", "/b/%2541%252F"),
        ("/b/A-Z_a.z~0-9", "/b/A-Z_a.z~0-9"),
        ("/b//double//slash/", "/b//double//slash/"),
        ("/b/!*'();:@&=+$,?#[]", "/b/%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%3F%23%5B%5D"),
        ("/b/日本/😀", "/b/%E6%97%A5%E6%9C%AC/%F0%9F%98%80"),
        ("/", "/"),
        ("", "/"),
        ("no-slash", "/no-slash"),
    ])
    func encodePath(_ raw: String, _ expected: String) {
        #expect(SigV4Signer.encodePath(raw) == expected)
    }

    @Test func canonicalQueryEncodesSlashAndSortsByEncodedNameThenValue() {
        let query: [(name: String, value: String)] = [
            ("prefix", "a/b c"), ("a-b", "1"), ("a", "z"), ("a", ""), ("a", "b"), ("ü", "+"), ("list-type", "2"), ("~", "~"),
        ]
        #expect(SigV4Signer.canonicalQuery(query) == "%C3%BC=%2B&a=&a=b&a=z&a-b=1&list-type=2&prefix=a%2Fb%20c&~=~")
        #expect(SigV4Signer.canonicalQuery([]) == "")
    }

    @Test func canonicalHeadersTrimCollapseJoinAndSort() {
        let (canonical, signed) = SigV4Signer.canonicalHeaders([
            ("X-Amz-Meta-Tag", "  two   words\there  "), ("host", "127.0.0.1:8333"), ("x-amz-meta-tag", "second"),
            (" Content-Type ", "application/json"), ("x-amz-meta-empty", "   "),
        ])
        #expect(
            canonical
                == "content-type:application/json\nhost:127.0.0.1:8333\nx-amz-meta-empty:\nx-amz-meta-tag:two words here,second\n"
        )
        #expect(signed == "content-type;host;x-amz-meta-empty;x-amz-meta-tag")
    }

    @Test func nonASCIIHeaderNamesKeepStringSemantics() {
        // A name with a non-ASCII byte takes the String path: Unicode lower-casing, and canonically equivalent names
        // ("é" precomposed or as "e" + combining acute) grouped under the first spelling, as the signer always did.
        let (canonical, signed) = SigV4Signer.canonicalHeaders([
            ("X-Meta-\u{C9}", " one "), ("b", "2"), ("x-meta-e\u{301}", "two"), ("A", "1"), ("b", "3"),
        ])
        #expect(canonical == "a:1\nb:2,3\nx-meta-\u{E9}:one,two\n")
        #expect(signed == "a;b;x-meta-\u{E9}")
        #expect(Array(signed.utf8).contains(0xC3))  // the precomposed spelling, not "e" + U+0301
    }

    @Test func methodIsUpperCasedAndDuplicateQueryPairsAreKept() {
        let canonical = SigV4Signer.canonicalRequest(
            method: "get",
            path: "k",
            query: [("b", "2"), ("a", "1"), ("b", "2"), ("b", "")],
            headers: [("host", "h")],
            payloadHash: "UNSIGNED-PAYLOAD"
        )
        #expect(canonical == "GET\n/k\na=1&b=&b=2&b=2\nhost:h\n\nhost\nUNSIGNED-PAYLOAD")
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (951_782_400.0, "20000229T000000Z"),
        (1_369_353_600.9, "20130524T000000Z"),
        (1_709_251_199.0, "20240229T235959Z"),
        (2_147_483_648.0, "20380119T031408Z"),
        (4_102_444_800.0, "21000101T000000Z"),
        (-1.0, "19691231T235959Z"),
        (253_402_300_799.0, "99991231T235959Z"),
        // Past year 9999 the year simply takes five digits (the original rendering, kept as it was).
        (253_402_300_800.0, "100000101T000000Z"),
    ])
    func amzDate(_ seconds: Double, _ expected: String) {
        let date = AmzDate(Date(timeIntervalSince1970: seconds))
        #expect(date.timestamp == expected)
        #expect(date.day == String(expected.prefix(8)))
    }

    @Test func amzDateAgreesWithISO8601FormatterOverManyInstants() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0...6_000_000_000, using: &rng)))
            let iso = formatter.string(from: date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            #expect(AmzDate(date).timestamp == iso)
        }
    }

    @Test func credentialsDescriptionHidesTheSecret() {
        let credentials = S3Credentials(accessKey: "AKIAEXAMPLE", secretKey: "super/secret+key")
        #expect(!"\(credentials)".contains("super"))
        #expect("\(credentials)".contains("AKIAEXAMPLE"))
        #expect("\(credentials)".contains("***"))
    }

    @Test func headersTheSignerOwnsAreNotTakenFromTheRequest() {
        let signer = SigV4Signer(credentials: S3Credentials(accessKey: "AK", secretKey: "SK"), region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let plain = SignableRequest(method: "GET", host: "127.0.0.1:8333", path: "/b/k")
        var polluted = plain
        polluted.headers = [("Host", "evil"), ("X-Amz-Date", "x"), ("x-amz-content-sha256", "y"), ("Authorization", "z")]
        let expected = signer.signedHeaders(for: plain, payloadHash: SigV4Signer.emptyPayloadHash, date: date)
        let actual = signer.signedHeaders(for: polluted, payloadHash: SigV4Signer.emptyPayloadHash, date: date)
        #expect(actual.map(\.value) == expected.map(\.value))
        #expect(expected[2].value.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"))
    }

    @Test func presignedExpiresIsClampedAndEveryInputChangesTheSignature() {
        let signer = SigV4Signer(credentials: S3Credentials(accessKey: "AK", secretKey: "SK"), region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let request = SignableRequest(method: "GET", host: "127.0.0.1:8333", path: "/b/k")
        #expect(signer.presignedURL(for: request, scheme: "http", expires: 0, date: date).contains("X-Amz-Expires=1&"))
        #expect(signer.presignedURL(for: request, scheme: "http", expires: 999_999, date: date).contains("X-Amz-Expires=604800&"))
        let base = signer.presignedURL(for: request, scheme: "http", expires: 60, date: date)
        #expect(base.hasPrefix("http://127.0.0.1:8333/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        var other = request
        other.path = "/b/K"
        #expect(signature(of: signer.presignedURL(for: other, scheme: "http", expires: 60, date: date)) != signature(of: base))
        let later = date.addingTimeInterval(1)
        #expect(signature(of: signer.presignedURL(for: request, scheme: "http", expires: 60, date: later)) != signature(of: base))
        let otherRegion = SigV4Signer(credentials: S3Credentials(accessKey: "AK", secretKey: "SK"), region: "eu-west-1")
        #expect(signature(of: otherRegion.presignedURL(for: request, scheme: "http", expires: 60, date: date)) != signature(of: base))
    }

    private func signature(of url: String) -> Substring {
        url.split(separator: "X-Amz-Signature=").last ?? ""
    }
}
