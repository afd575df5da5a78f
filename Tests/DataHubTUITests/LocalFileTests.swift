import Foundation
import Testing

@testable import DataHubTUI

@Suite struct LocalFileTests {
    @Test func expandsTheHomeDirectory() {
        #expect(LocalFile.expandTilde("~/a.json", home: "/home/op") == "/home/op/a.json")
        #expect(LocalFile.expandTilde("~", home: "/home/op") == "/home/op")
        #expect(LocalFile.expandTilde("/tmp/~x", home: "/home/op") == "/tmp/~x")
    }

    @Test func readsAFileAndRefusesMissingDirectoriesAndOversizedOnes() async throws {
        let dir = NSTemporaryDirectory() + "localfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.json"
        try Data(#"{"a":1}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(await LocalFile.read(path, limit: 100) == .success(Array(#"{"a":1}"#.utf8)))
        guard case .failure(let missing) = await LocalFile.read(dir + "/nope.json", limit: 100) else {
            Issue.record("read a missing file")
            return
        }
        #expect(missing.message.contains("cannot read the file: No such file or directory; nothing uploaded (\(dir)/nope.json)"))
        guard case .failure(let directory) = await LocalFile.read(dir, limit: 100) else {
            Issue.record("read a directory")
            return
        }
        #expect(directory.message.contains("not a regular file"))
        guard case .failure(let big) = await LocalFile.read(path, limit: 3) else {
            Issue.record("read past the limit")
            return
        }
        #expect(big.message.contains("larger than the upload limit"))
    }
}
