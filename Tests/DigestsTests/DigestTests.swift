import Digests
import Testing

@Suite struct DigestTests {
    @Test func sha256OfEmptyInput() {
        #expect(Digest.hex(Digest.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func payloadHashHexMatchesDigestThenHex() {
        #expect([UInt8]().withUnsafeBytes { Digest.sha256Hex($0) } == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Array("abc".utf8).withUnsafeBytes { Digest.sha256Hex($0) } == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        for size in [1, 55, 56, 64, 1024, 100_000] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255) }
            #expect(bytes.withUnsafeBytes { Digest.sha256Hex($0) } == Digest.hex(Digest.sha256(bytes)), "\(size) bytes")
        }
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
