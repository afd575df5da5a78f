import S3Signer
import Testing

@Suite struct DigestTests {
    @Test func sha256OfEmptyInput() {
        #expect(Digest.hex(Digest.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func hmacMatchesRFC4231Case2() {
        let mac = Digest.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(Digest.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func streamingMD5MatchesKnownValue() {
        let digest = StreamingDigest.md5()
        Array("hello ".utf8).withUnsafeBytes { digest.update($0) }
        Array("world".utf8).withUnsafeBytes { digest.update($0) }
        #expect(digest.finalizeHex() == "5eb63bbbe01eeed093cb22bb8f5acdc3")
    }
}
