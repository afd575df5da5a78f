import Foundation
import NIOCore
import NIOHTTP1
import S3Signer
import Testing

@testable import DataHubStorage

/// The pure parts of `S3Storage`: XML extraction, listings, dates, ranges, endpoints, error mapping.
@Suite struct S3ParsingTests {
    @Test func entitiesDecode() {
        #expect(S3XML.decodeEntities("a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#38;&#x41;&#X42;") == "a&b <c> \"d\" 'e' &AB")
        #expect(S3XML.decodeEntities("plain") == "plain")
        #expect(S3XML.decodeEntities("fish & chips &unknown; &#xZZ;") == "fish & chips &unknown; &#xZZ;")
        #expect(S3XML.decodeEntities("&#128512;") == "😀")
    }

    @Test func listingParsesKeysAndCursor() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix>
            <Contents><Key>a b/x&amp;y&lt;z&gt;.json</Key><LastModified>2026-11-25T10:15:02.123Z</LastModified>
            <ETag>&quot;abc123&quot;</ETag><Size>42</Size></Contents>
            <Contents><Key>ü+=%.json</Key><LastModified>2026-11-25T10:15:03Z</LastModified><ETag>"def"</ETag><Size>0</Size></Contents>
            <IsTruncated>true</IsTruncated><NextContinuationToken>tok/en+=</NextContinuationToken></ListBucketResult>
            """
        let page = try S3ListParser.parse(xml, endpoint: "http://x")
        #expect(page.objects.map(\.key) == ["a b/x&y<z>.json", "ü+=%.json"])
        #expect(page.objects.map(\.size) == [42, 0])
        #expect(page.objects.map(\.etag) == ["abc123", "def"])
        #expect(page.objects[0].lastModified.timeIntervalSince1970 == 1_795_601_702.123)
        #expect(page.nextCursor == "tok/en+=")
    }

    @Test func elementsAndValuesAreFoundOnUTF8Boundaries() {
        let xml: Substring = "<A>ü😀</A><B/><A>x&amp;y</A><C>no end<D></D>"
        #expect(S3XML.elements("A", in: xml) == ["ü😀", "x&amp;y"])
        #expect(S3XML.value("A", in: xml) == "ü😀")
        #expect(S3XML.value("B", in: xml) == "")
        #expect(S3XML.value("C", in: xml) == nil)
        #expect(S3XML.value("D", in: xml) == "")
        #expect(S3XML.value("E", in: xml) == nil)
        #expect(S3XML.elements("A", in: "") == [] && S3XML.value("A", in: "") == nil)
        // A slice of a larger text: offsets count from the slice's start.
        let whole = "ééé<K>v</K>"
        #expect(S3XML.value("K", in: whole.dropFirst(2)) == "v")
    }

    @Test func aFullPageOfAThousandKeysParsesInOrder() throws {
        var xml = "<ListBucketResult><Name>b</Name>"
        for index in 0..<1000 {
            xml += "<Contents><Key>données/ü-\(index)&amp;.json</Key><LastModified>2026-11-25T10:15:02.000Z</LastModified>"
            xml += "<ETag>&quot;e\(index)&quot;</ETag><Size>\(index)</Size><StorageClass>STANDARD</StorageClass></Contents>"
        }
        xml += "<IsTruncated>true</IsTruncated><NextContinuationToken>next</NextContinuationToken></ListBucketResult>"
        let page = try S3ListParser.parse(xml, endpoint: "e")
        #expect(page.objects.count == 1000)
        #expect(page.objects.map(\.key) == (0..<1000).map { "données/ü-\($0)&.json" })
        #expect(page.objects.map(\.size) == (0..<1000).map { Int64($0) })
        #expect(page.objects.last?.etag == "e999")
        #expect(page.nextCursor == "next")
    }

    @Test func lastPageHasNoCursorAndCutPageWithoutTokenFails() throws {
        let last = try S3ListParser.parse("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>", endpoint: "e")
        #expect(last.objects.isEmpty && last.nextCursor == nil)
        #expect(throws: StorageError.self) {
            try S3ListParser.parse("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>", endpoint: "e")
        }
        #expect(throws: StorageError.self) { try S3ListParser.parse("<html>proxy error</html>", endpoint: "e") }
    }

    @Test func datesParse() {
        #expect(S3Dates.parseHTTPDate("Wed, 25 Nov 2026 10:15:02 GMT")?.timeIntervalSince1970 == 1_795_601_702)
        #expect(S3Dates.parseISO8601("2026-11-25T10:15:02Z")?.timeIntervalSince1970 == 1_795_601_702)
        #expect(S3Dates.parseISO8601("1970-01-01T00:00:00.5Z")?.timeIntervalSince1970 == 0.5)
        #expect(S3Dates.parseISO8601("2024-02-29T23:59:59Z")?.timeIntervalSince1970 == 1_709_251_199)
        #expect(S3Dates.parseISO8601("2026-13-01T00:00:00Z") == nil)
        #expect(S3Dates.parseHTTPDate("yesterday") == nil)
    }

    @Test func httpDatesParseInTheFixedAndTheTolerantForm() {
        #expect(S3Dates.parseHTTPDate("Thu, 01 Jan 1970 00:00:00 GMT")?.timeIntervalSince1970 == 0)
        #expect(S3Dates.parseHTTPDate("Thu, 29 Feb 2024 23:59:59 GMT")?.timeIntervalSince1970 == 1_709_251_199)
        #expect(S3Dates.parseHTTPDate("Thu, 31 Dec 2026 23:59:59 GMT")?.timeIntervalSince1970 == 1_798_761_599)
        // A one-digit day is not the fixed form; the tolerant parser reads it.
        #expect(S3Dates.parseHTTPDate("Thu, 5 Nov 2026 10:15:02 GMT")?.timeIntervalSince1970 == 1_793_873_702)
        #expect(S3Dates.parseHTTPDate("Wed, 25 Foo 2026 10:15:02 GMT") == nil)
        #expect(S3Dates.parseHTTPDate("Wed, 25 Nov 2026 10:15:02 UTC") == nil)
        #expect(S3Dates.parseHTTPDate("Wed, 25 Nov 2026 1x:15:02 GMT") == nil)
        #expect(S3Dates.parseHTTPDate("Wed, 25 Nov 2026 24:15:02 GMT") == nil)
    }

    @Test func contentRangeParses() {
        #expect(S3Storage.parseContentRange("bytes 100-199/1000")! == (100...199, 1000))
        #expect(S3Storage.parseContentRange("bytes */1000") == nil)
        #expect(S3Storage.parseContentRange("bytes 5-4/10") == nil)
    }

    @Test func endpointsParse() throws {
        let local = try S3Endpoint(parsing: "http://127.0.0.1:9000/")
        #expect(local.scheme == "http" && local.host == "127.0.0.1:9000")
        #expect(try S3Endpoint(parsing: "127.0.0.1:9000").base == "http://127.0.0.1:9000")
        #expect(try S3Endpoint(parsing: "HTTPS://s3.example.com").base == "https://s3.example.com")
        for bad in ["ftp://x", "http://", "http://a/b", "http://user:pw@host"] {
            #expect(throws: StorageError.self, "\(bad)") { try S3Endpoint(parsing: bad) }
        }
    }

    @Test func keysThatCouldEscapeAreRefused() {
        for bad in ["", "/abs", "a/../b", "./a", "a/.", "..", "a/..", "a//../b", String(repeating: "x", count: 1025)] {
            #expect(throws: StorageError.self, "\(bad)") { try S3Storage.checkKey(bad) }
        }
        for good in ["a/..b/c.d/x.json", "...", "a/.../b", ".hidden/x", "x./y..", "a/b.", "a//b"] {
            #expect(throws: Never.self, "\(good)") { try S3Storage.checkKey(good) }
        }
    }

    @Test func etagsLoseTheirQuotesAndWeakMarker() {
        #expect(S3Storage.unquote("\"abc\"") == "abc")
        #expect(S3Storage.unquote("W/\"abc\"") == "abc")
        #expect(S3Storage.unquote("abc") == "abc")
        #expect(S3Storage.unquote("\"") == "")
        #expect(S3Storage.unquote("") == "")
        #expect(S3Storage.unquote("\"ünï\"") == "ünï")
    }

    @Test func errorBodiesMapToCodes() async throws {
        let storage = try S3Storage(
            configuration: S3Configuration(
                endpoint: "http://127.0.0.1:1",
                bucket: "bkt",
                credentials: S3Credentials(accessKey: "ak", secretKey: "sk-secret"),
                workers: 1
            )
        )
        func mapped(_ status: Int, _ code: String?, key: String? = "k") -> StorageError {
            var body = ByteBuffer()
            if let code { body.writeString("<Error><Code>\(code)</Code><Message>m &amp; n</Message></Error>") }
            return storage.s3Error(StoreResponse(status: status, headers: ResponseHeaders(), body: body, stream: nil), key: key)
        }
        #expect(mapped(404, "NoSuchKey").code == .notFound)
        #expect(mapped(404, "NoSuchBucket").message.contains("'bkt'"))
        #expect(mapped(404, nil, key: nil).message.contains("'bkt'"))
        #expect(mapped(412, "PreconditionFailed").code == .alreadyExists)
        for code in ["AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId"] {
            let error = mapped(403, code)
            #expect(error.code == .accessDenied && !error.description.contains("sk-secret"))
        }
        #expect(mapped(400, "InvalidArgument").code == .badRequest)
        #expect(mapped(416, "InvalidRange").code == .invalidRange)
        #expect(mapped(503, "SlowDown").code == .unavailable)
        #expect(mapped(500, nil).code == .unavailable)
        #expect(mapped(403, "AccessDenied").cause == "HTTP 403 AccessDenied: m & n")
        await storage.shutdown()
    }
}
