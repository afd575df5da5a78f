import Foundation
import Testing

@testable import DataHubService

@Suite struct UploadDigestsTests {
    /// SHA-256 of `{}`, hex and base64 (from Python's hashlib).
    static let hex = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    static let base64 = "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o="
    /// SHA-512 of `{}` as base64.
    static let sha512 = "J8dGcK23UHX60FjVzq97IMTneGyDuuijL2Jvl4KvNMmjPCBG72D9Knh403jin+yFGAa72aZ4ePOp8c2kgwdj/Q=="

    @Test func fieldValueIsTheBase64OfTheDigestBytes() {
        #expect(UploadDigests.fieldValue(sha256: Self.hex) == "sha-256=:\(Self.base64):")
    }

    @Test func matchingDigestsInEitherOrBothFieldsPass() throws {
        let field = "sha-512=:\(Self.sha512):, sha-256=:\(Self.base64):"
        for (repr, content) in [(field, nil), (nil, field), (field, field)] {
            let digests = try UploadDigests(reprDigest: repr, contentDigest: content, wantContentDigest: nil)
            #expect(digests.expectedSHA256.count == (repr == nil ? 0 : 1) + (content == nil ? 0 : 1))
            try digests.check(Self.hex)
        }
    }

    @Test func aWrongDigestIsAMismatch() throws {
        let other = Data(repeating: 7, count: 32).base64EncodedString()
        let digests = try UploadDigests(reprDigest: "sha-256=:\(Self.base64):", contentDigest: "sha-256=:\(other):", wantContentDigest: nil)
        #expect {
            try digests.check(Self.hex)
        } throws: { error in
            (error as? DataServiceError)?.code == .digestMismatch
        }
    }

    @Test func onlyOtherAlgorithmsAreIgnored() throws {
        let digests = try UploadDigests(reprDigest: "sha-512=:\(Self.sha512):", contentDigest: "md5=:AAAA:, crc32c=1", wantContentDigest: nil)
        #expect(digests.expectedSHA256.isEmpty)
        try digests.check(Self.hex)
    }

    @Test(arguments: [
        "sha-256=:\(Data(repeating: 1, count: 31).base64EncodedString()):",  // 31 bytes
        "sha-256=:\(Data(repeating: 1, count: 64).base64EncodedString()):",  // 64 bytes (a sha-512 under the wrong key)
        "sha-256=\(UploadDigestsTests.hex)",  // hex is not a byte sequence
        "sha-256=:%%%%:",  // not base64
        "sha-256=:\(UploadDigestsTests.base64)",  // unterminated
    ])
    func malformedDigestsAreInvalid(_ field: String) {
        for (repr, content) in [(field, nil), (nil, field)] {
            #expect {
                _ = try UploadDigests(reprDigest: repr, contentDigest: content, wantContentDigest: nil)
            } throws: { error in
                (error as? DataServiceError)?.code == .invalidDigest
            }
        }
    }

    @Test func wantContentDigestNeedsSHA256WithAWeight() throws {
        #expect(UploadDigests.wantsSHA256("sha-256=1, sha-512=3"))
        #expect(UploadDigests.wantsSHA256("sha-512=3,sha-256=10"))
        #expect(!UploadDigests.wantsSHA256("sha-512=3"))
        #expect(!UploadDigests.wantsSHA256("sha-256=0"))
        #expect(!UploadDigests.wantsSHA256("sha-256"))
        #expect(!UploadDigests.wantsSHA256("sha-256=1,,"))
        #expect(try UploadDigests(reprDigest: nil, contentDigest: nil, wantContentDigest: "sha-256=2").wantsContentDigest)
    }
}
