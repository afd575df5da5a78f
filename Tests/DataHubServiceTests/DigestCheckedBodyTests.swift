import DataHubStorage
import Digests
import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import DataHubService

/// The checked body holds the last chunk back until the digest has been compared.
@Suite struct DigestCheckedBodyTests {
    static let chunks = ["{\"a\":", "[1,2", ",3]}"]
    static let sha256 = Digest.hex(Digest.sha256(Array(chunks.joined().utf8)))

    static func body(_ chunks: [String], expected: String, mismatches: NIOLockedValueBox<[String]>) -> DigestCheckedBody {
        let stream = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            for chunk in chunks { continuation.yield(ByteBuffer(string: chunk)) }
            continuation.finish()
        }
        return DigestCheckedBody(base: ObjectBody(stream), key: "k.json", expected: expected) { actual in
            mismatches.withLockedValue { $0.append(actual) }
        }
    }

    @Test func aMatchingBodyPassesWhole() async throws {
        let mismatches = NIOLockedValueBox<[String]>([])
        var received: [String] = []
        for try await chunk in Self.body(Self.chunks, expected: Self.sha256, mismatches: mismatches) {
            received.append(String(buffer: chunk))
        }
        #expect(received == Self.chunks)
        #expect(mismatches.withLockedValue { $0 }.isEmpty)
    }

    @Test func aMismatchThrowsInPlaceOfTheLastChunk() async throws {
        let mismatches = NIOLockedValueBox<[String]>([])
        let damaged = ["{\"a\":", "[1,7", ",3]}"]
        var received: [String] = []
        await #expect(throws: DataServiceError.self) {
            for try await chunk in Self.body(damaged, expected: Self.sha256, mismatches: mismatches) {
                received.append(String(buffer: chunk))
            }
        }
        #expect(received == Array(damaged.dropLast()), "the last chunk is never handed out")
        #expect(mismatches.withLockedValue { $0 } == [Digest.hex(Digest.sha256(Array(damaged.joined().utf8)))])
    }

    @Test func aOneChunkMismatchHandsOutNothing() async throws {
        let mismatches = NIOLockedValueBox<[String]>([])
        var received = 0
        await #expect(throws: DataServiceError.self) {
            for try await _ in Self.body(["[9]"], expected: Self.sha256, mismatches: mismatches) { received += 1 }
        }
        #expect(received == 0)
    }

    @Test func anEmptyBodyIsCheckedToo() async throws {
        let mismatches = NIOLockedValueBox<[String]>([])
        let empty = Digest.hex(Digest.sha256([UInt8]()))
        var count = 0
        for try await _ in Self.body([], expected: empty, mismatches: mismatches) { count += 1 }
        #expect(count == 0)
        await #expect(throws: DataServiceError.self) {
            for try await _ in Self.body([], expected: Self.sha256, mismatches: mismatches) {}
        }
    }
}
