import DataHubService
import DataHubStorage
import Digests
import Foundation
import NIOCore
import Testing

/// A request body made of fixed chunks that counts how many were pulled, and can fail after some.
final class TestBody: AsyncSequence, @unchecked Sendable {
    typealias Element = ByteBuffer

    struct Broken: Error, Equatable {}

    private let chunks: [[UInt8]]
    private let failAfter: Int?
    private let lock = NSLock()
    private var pulledCount = 0

    /// How many chunks the consumer asked for.
    var pulled: Int { lock.withLock { pulledCount } }

    init(_ chunks: [[UInt8]], failAfter: Int? = nil) {
        self.chunks = chunks
        self.failAfter = failAfter
    }

    /// Cuts `bytes` into chunks of `size`.
    convenience init(_ bytes: [UInt8], chunkSize size: Int, failAfter: Int? = nil) {
        self.init(stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<Swift.min($0 + size, bytes.count)]) }, failAfter: failAfter)
    }

    func makeAsyncIterator() -> Iterator { Iterator(body: self) }

    /// Pulls the next chunk from the body.
    struct Iterator: AsyncIteratorProtocol {
        let body: TestBody
        mutating func next() async throws -> ByteBuffer? { try body.nextChunk() }
    }

    private func nextChunk() throws -> ByteBuffer? {
        let index = lock.withLock {
            defer { pulledCount += 1 }
            return pulledCount
        }
        if let failAfter, index == failAfter { throw Broken() }
        return index < chunks.count ? ByteBuffer(bytes: chunks[index]) : nil
    }
}

/// A fresh directory for spool files, so a test can see that nothing is left behind.
struct SpoolDirectory: ~Copyable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("datahub-spool-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var files: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["<unreadable>"] }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A valid JSON document of exactly `size` bytes (a string of letters).
func jsonString(ofSize size: Int) -> [UInt8] {
    [UInt8(ascii: "\"")] + (0..<(size - 2)).map { UInt8(ascii: "a") + UInt8($0 % 26) } + [UInt8(ascii: "\"")]
}

private func bodyBytes(_ body: PutBody) throws -> [UInt8] {
    switch body {
    case .buffer(let buffer): return Array(buffer.readableBytesView)
    case .file(let path, _): return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

@Suite struct UploadSpoolTests {
    @Test func smallBodyStaysInMemoryWithItsMD5() async throws {
        let directory = try SpoolDirectory()
        let body = TestBody([Array("{\"a\":".utf8), Array("[1,2,3]}".utf8)])
        let upload = try await UploadSpool.collect(body, maxBytes: 100, spoolDirectory: directory.path)
        guard case .buffer(let buffer) = upload.body else {
            Issue.record("expected a buffer")
            return
        }
        #expect(String(buffer: buffer) == "{\"a\":[1,2,3]}")
        #expect(upload.md5 == "d51e753dd8e949dd63789636de2c01e5")  // md5 of the bytes above
        #expect(upload.sha256 == "730bc329ebcd24c6c9663ca4bb0e199a090dbf9d9d1058651d8560236abb1095")  // sha256sum of the bytes above
        #expect(upload.length == 13)
        #expect(directory.files.isEmpty)
        await upload.remove()
    }

    @Test func largeBodySpillsToAFileThatIsRemovedAfterTheScope() async throws {
        let directory = try SpoolDirectory()
        var document = Array("[".utf8)
        for index in 0..<5_000 { document += Array("{\"i\":\(index),\"s\":\"é😀\"},".utf8) }
        document += Array("null]".utf8)
        let inMemory = try await UploadSpool.collect(TestBody(document, chunkSize: 333), maxBytes: 1 << 20)
        let path = try await UploadSpool.withUpload(
            TestBody(document, chunkSize: 333),
            maxBytes: 1 << 20,
            spoolDirectory: directory.path,
            memoryLimit: 1000
        ) { upload in
            guard case .file(let path, let length) = upload.body else {
                Issue.record("expected a file")
                return ""
            }
            #expect(length == Int64(document.count))
            let stored = try bodyBytes(upload.body)
            #expect(stored == document)
            #expect(upload.md5 == inMemory.md5)
            #expect(upload.sha256 == Digest.hex(Digest.sha256(document)))
            #expect(directory.files == [URL(fileURLWithPath: path).lastPathComponent])
            return path
        }
        #expect(path.hasPrefix(directory.path + "/"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(directory.files.isEmpty)
    }

    @Test func defaultMemoryLimitIs8MiB() async throws {
        let directory = try SpoolDirectory()
        let limit = UploadSpool.defaultMemoryLimit
        #expect(limit == 8 * 1024 * 1024)
        try await UploadSpool.withUpload(TestBody(jsonString(ofSize: limit), chunkSize: 65_536), maxBytes: 1 << 30, spoolDirectory: directory.path) {
            guard case .buffer = $0.body else {
                Issue.record("8 MiB must stay in memory")
                return
            }
        }
        try await UploadSpool.withUpload(
            TestBody(jsonString(ofSize: limit + 1), chunkSize: 65_536),
            maxBytes: 1 << 30,
            spoolDirectory: directory.path
        ) {
            guard case .file = $0.body else {
                Issue.record("8 MiB + 1 must spill")
                return
            }
            #expect($0.length == Int64(limit + 1))
        }
        #expect(directory.files.isEmpty)
    }

    @Test func exactlyMaxBytesIsAcceptedAndOneMoreFailsAtOnce() async throws {
        let directory = try SpoolDirectory()
        let document = jsonString(ofSize: 10_000)
        let accepted = try await UploadSpool.collect(
            TestBody(document, chunkSize: 1000),
            maxBytes: 10_000,
            spoolDirectory: directory.path,
            memoryLimit: 100
        )
        #expect(accepted.length == 10_000)
        await accepted.remove()
        let body = TestBody(document + Array(repeating: UInt8(ascii: " "), count: 5_000), chunkSize: 1000)
        await #expect(throws: UploadError.tooLarge(limit: 9_999)) {
            _ = try await UploadSpool.collect(body, maxBytes: 9_999, spoolDirectory: directory.path, memoryLimit: 100)
        }
        #expect(body.pulled == 10, "reading must stop at the chunk that passes the limit")
        #expect(directory.files.isEmpty)
    }

    @Test func invalidJSONFailsAtItsByteAndLeavesNoFile() async throws {
        let directory = try SpoolDirectory()
        var document = jsonString(ofSize: 5_000)
        document[2_500] = 0x0A
        let body = TestBody(document, chunkSize: 1000)
        let expected = JSONValidationError(message: "invalid JSON: unescaped control character 0x0A in a string at byte 2500", offset: 2500)
        await #expect(throws: UploadError.invalidJSON(expected)) {
            _ = try await UploadSpool.collect(body, maxBytes: 1 << 20, spoolDirectory: directory.path, memoryLimit: 100)
        }
        #expect(body.pulled == 3)
        #expect(directory.files.isEmpty)
        // Invalid bytes before the limit are reported as invalid JSON, not as too large.
        await #expect(throws: UploadError.invalidJSON(expected)) {
            _ = try await UploadSpool.collect(TestBody(document, chunkSize: 5_000), maxBytes: 3_000, spoolDirectory: directory.path)
        }
    }

    @Test func emptyAndIncompleteBodiesAreRefused() async throws {
        await #expect(throws: UploadError.empty) { _ = try await UploadSpool.collect(TestBody([]), maxBytes: 10) }
        await #expect(throws: UploadError.empty) { _ = try await UploadSpool.collect(TestBody([[]]), maxBytes: 10) }
        let incomplete = JSONValidationError(message: "invalid JSON: unexpected end of input at byte 2 (expected a value)", offset: 2)
        await #expect(throws: UploadError.invalidJSON(incomplete)) { _ = try await UploadSpool.collect(TestBody([Array(" [".utf8)]), maxBytes: 10) }
    }

    @Test func bodyAndOperationErrorsStillRemoveTheFile() async throws {
        let directory = try SpoolDirectory()
        let document = jsonString(ofSize: 50_000)
        let failing = TestBody(document, chunkSize: 1000, failAfter: 20)
        await #expect(throws: TestBody.Broken()) {
            _ = try await UploadSpool.collect(failing, maxBytes: 1 << 20, spoolDirectory: directory.path, memoryLimit: 100)
        }
        #expect(directory.files.isEmpty)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await UploadSpool.withUpload(TestBody(document, chunkSize: 1000), maxBytes: 1 << 20, spoolDirectory: directory.path, memoryLimit: 100)
            {
                #expect(directory.files.count == 1)
                _ = $0
                throw Refused()
            }
        }
        #expect(directory.files.isEmpty)
    }

    @Test func droppedUploadRemovesItsFileAsALastResort() async throws {
        let directory = try SpoolDirectory()
        var upload: SpooledUpload? = try await UploadSpool.collect(
            TestBody(jsonString(ofSize: 3_000), chunkSize: 1000),
            maxBytes: 1 << 20,
            spoolDirectory: directory.path,
            memoryLimit: 100
        )
        #expect(directory.files.count == 1)
        #expect(upload?.length == 3_000)
        upload = nil
        #expect(directory.files.isEmpty)
    }

    @Test func unusableSpoolDirectoryIsAnIOError() async throws {
        do {
            _ = try await UploadSpool.collect(
                TestBody(jsonString(ofSize: 3_000), chunkSize: 1000),
                maxBytes: 1 << 20,
                spoolDirectory: "/nonexistent/datahub",
                memoryLimit: 100
            )
            Issue.record("spooling into a missing directory succeeded")
        } catch let error as UploadError {
            guard case .io(let detail) = error else {
                Issue.record("expected .io, got \(error)")
                return
            }
            #expect(detail.contains("mkstemp in /nonexistent/datahub failed"))
        }
    }
}
