import Digests
import Foundation
import Testing

@testable import S3Signer

/// AWS's worked examples, "Examples: Signature Calculations in AWS Signature Version 4" (S3 API reference,
/// sig-v4-header-based-auth.html and sigv4-query-string-auth.html): every stage compared with the published text.
@Suite struct AWSExamplesTests {
    static let credentials = S3Credentials(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let host = "examplebucket.s3.amazonaws.com"
    static let empty = SigV4Signer.emptyPayloadHash

    /// One header-signed example: the request, and the three published stages.
    struct Example: Sendable, CustomTestStringConvertible {
        let name: String
        let request: SignableRequest
        let payloadHash: String
        let canonicalRequest: String
        let stringToSignHash: String
        let signature: String
        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(
            name: "GET object with Range",
            request: SignableRequest(method: "GET", host: host, path: "/test.txt", headers: [("Range", "bytes=0-9")]),
            payloadHash: empty,
            canonicalRequest: """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:\(empty)
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                \(empty)
                """,
            stringToSignHash: "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        ),
        Example(
            name: "PUT object",
            request: SignableRequest(
                method: "PUT",
                host: host,
                path: "/test$file.text",
                headers: [("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")]
            ),
            payloadHash: "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
            canonicalRequest: """
                PUT
                /test%24file.text

                date:Fri, 24 May 2013 00:00:00 GMT
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                x-amz-date:20130524T000000Z
                x-amz-storage-class:REDUCED_REDUNDANCY

                date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
                44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
                """,
            stringToSignHash: "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
        ),
        Example(
            name: "GET bucket lifecycle",
            request: SignableRequest(method: "GET", host: host, path: "/", query: [("lifecycle", "")]),
            payloadHash: empty,
            canonicalRequest: """
                GET
                /
                lifecycle=
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:\(empty)
                x-amz-date:20130524T000000Z

                host;x-amz-content-sha256;x-amz-date
                \(empty)
                """,
            stringToSignHash: "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"
        ),
        Example(
            name: "GET bucket (list objects), parameters given unsorted",
            request: SignableRequest(method: "GET", host: host, path: "/", query: [("prefix", "J"), ("max-keys", "2")]),
            payloadHash: empty,
            canonicalRequest: """
                GET
                /
                max-keys=2&prefix=J
                host:examplebucket.s3.amazonaws.com
                x-amz-content-sha256:\(empty)
                x-amz-date:20130524T000000Z

                host;x-amz-content-sha256;x-amz-date
                \(empty)
                """,
            stringToSignHash: "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
        ),
    ]

    @Test(arguments: examples)
    func headerSignedExample(_ example: Example) {
        let signer = Self.signer
        let amzDate = AmzDate(Self.date)
        let headers =
            signer.headersToSign(example.request) + [("x-amz-content-sha256", example.payloadHash), ("x-amz-date", amzDate.timestamp)]
        let canonical = SigV4Signer.canonicalRequest(
            method: example.request.method,
            path: example.request.path,
            query: example.request.query,
            headers: headers,
            payloadHash: example.payloadHash
        )
        #expect(canonical == example.canonicalRequest)

        let stringToSign = signer.stringToSign(canonicalRequest: canonical, date: amzDate)
        #expect(stringToSign == "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n\(example.stringToSignHash)")
        #expect(signer.signature(stringToSign: stringToSign, day: amzDate.day) == example.signature)

        let signedNames = example.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last!
        let added = signer.signedHeaders(for: example.request, payloadHash: example.payloadHash, date: Self.date)
        #expect(added.map(\.name) == ["x-amz-date", "x-amz-content-sha256", "authorization"])
        #expect(added[0].value == "20130524T000000Z")
        #expect(added[1].value == example.payloadHash)
        #expect(
            added[2].value
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=\(signedNames),Signature=\(example.signature)"
        )
    }

    @Test func putExamplePayloadHashIsTheBodyDigest() {
        #expect(Digest.hex(Digest.sha256(Array("Welcome to Amazon S3.".utf8))) == Self.examples[1].payloadHash)
    }

    @Test func presignedURLExample() {
        let signer = Self.signer
        let amzDate = AmzDate(Self.date)
        let query =
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        let canonical = SigV4Signer.canonicalRequest(
            method: "GET",
            path: "/test.txt",
            query: [
                ("X-Amz-Expires", "86400"), ("X-Amz-SignedHeaders", "host"), ("X-Amz-Date", "20130524T000000Z"),
                ("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"), ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ],
            headers: [("host", Self.host)],
            payloadHash: SigV4Signer.unsignedPayload
        )
        #expect(canonical == "GET\n/test.txt\n\(query)\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD")

        let stringToSign = signer.stringToSign(canonicalRequest: canonical, date: amzDate)
        #expect(
            stringToSign
                == "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                + "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"
        )
        let signature = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        #expect(signer.signature(stringToSign: stringToSign, day: amzDate.day) == signature)

        let url = signer.presignedURL(
            for: SignableRequest(method: "GET", host: Self.host, path: "/test.txt"),
            scheme: "https",
            expires: 86400,
            date: Self.date
        )
        #expect(url == "https://examplebucket.s3.amazonaws.com/test.txt?\(query)&X-Amz-Signature=\(signature)")
    }

    /// AWS's "derive a signing key" example (IAM user guide): 20150830, us-east-1, iam.
    @Test func signingKeyExample() {
        let credentials = S3Credentials(accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "iam")
        #expect(Digest.hex(signer.signingKey(day: "20150830")) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }
}
