import Foundation
import NIOCore
import Testing

@testable import DataHubTUI

/// `w`: the path prompt, the overwrite question, the results; and the file writer that never leaves a partial file.
@Suite struct DashboardSaveTests {
    static func folderModel() -> DashboardModel {
        var model = Fixtures.model(rows: 0)
        let rows = [ObjectRow(key: "reports/2026/data_1.json", size: 12, modified: Fixtures.start)]
        model.apply(.listPage(generation: model.generation, rows: rows, first: true, done: true))
        return model
    }

    @Test func promptIsPrefilledWithTheNameWithoutFoldersAndEnterSaves() {
        var model = Self.folderModel()
        #expect(model.handle(.character("w")).isEmpty)
        #expect(model.prompt == .save(key: "reports/2026/data_1.json", editor: LineEditor("./data_1.json")))
        let screen = Fixtures.render(model, rows: 24, cols: 120).lines.joined(separator: "\n")
        #expect(screen.contains("Save to (Enter saves, Esc cancels): ./data_1.json"))
        // Keys typed into the prompt never act (q, d).
        #expect(model.handle(.clearLine).isEmpty)
        #expect(Fixtures.type("~/qd.json", into: &model).isEmpty)
        #expect(!model.quitting)
        #expect(model.handle(.enter) == [.save(key: "reports/2026/data_1.json", path: "~/qd.json", overwrite: false)])
        #expect(model.prompt == .none)
        #expect(model.message?.text == "saving reports/2026/data_1.json to ~/qd.json…")
    }

    @Test func escapeOrAnEmptyPathCancels() {
        var model = Self.folderModel()
        _ = model.handle(.character("w"))
        #expect(model.handle(.escape).isEmpty)
        #expect(model.message?.text == "save cancelled")
        _ = model.handle(.character("w"))
        _ = model.handle(.clearLine)
        #expect(model.handle(.enter).isEmpty)
        #expect(model.message?.text == "save cancelled")
        var empty = Fixtures.model(rows: 0)
        #expect(empty.handle(.character("w")).isEmpty)
        #expect(empty.prompt == .none)
        #expect(empty.message == StatusMessage(text: "nothing selected", isError: true))
    }

    @Test func anExistingFileAsksAndOnlyYesOverwrites() {
        var model = Self.folderModel()
        let key = "reports/2026/data_1.json"
        model.apply(.saveNeedsOverwrite(key: key, path: "./data_1.json"))
        #expect(model.prompt == .confirmOverwrite(key: key, path: "./data_1.json"))
        let screen = Fixtures.render(model, rows: 24, cols: 120).lines.joined(separator: "\n")
        #expect(screen.contains("./data_1.json exists: overwrite it? (y/n)"))
        #expect(model.handle(.character("q")).isEmpty)
        #expect(!model.quitting)
        #expect(model.handle(.character("n")).isEmpty)
        #expect(model.message?.text == "save cancelled: ./data_1.json left as it was")
        model.apply(.saveNeedsOverwrite(key: key, path: "./data_1.json"))
        #expect(model.handle(.character("y")) == [.save(key: key, path: "./data_1.json", overwrite: true)])
        // A question arriving while the user types in another prompt does not take it over.
        _ = model.handle(.character("/"))
        model.apply(.saveNeedsOverwrite(key: key, path: "./data_1.json"))
        #expect(model.prompt == .filter(LineEditor("")))
        #expect(model.message?.isError == true)
    }

    @Test func resultsShowTheSizeOrTheReason() {
        var model = Self.folderModel()
        model.apply(.saved(key: "a.json", path: "./a.json", bytes: 12_345))
        #expect(model.message == StatusMessage(text: "saved 12,345 bytes to ./a.json from a.json", isError: false))
        model.apply(.saveFailed(key: "a.json", message: "no such folder: ./x; nothing written"))
        #expect(model.message == StatusMessage(text: "save failed: no such folder: ./x; nothing written", isError: true))
    }

    @Test func saveStaysAllowedWhenReadOnly() {
        var model = Self.folderModel()
        model.header.readOnly = true
        _ = model.handle(.character("w"))
        #expect(model.prompt == .save(key: "reports/2026/data_1.json", editor: LineEditor("./data_1.json")))
    }

    static func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "localsave-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func resolvesFoldersAndRefusesMissingOnes() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try LocalSaveFile.resolve(dir + "/a.json", name: "x.json") == .init(path: dir + "/a.json", exists: false))
        #expect(try LocalSaveFile.resolve(dir, name: "x.json") == .init(path: dir + "/x.json", exists: false))
        #expect(try LocalSaveFile.resolve(dir + "/", name: "x.json") == .init(path: dir + "/x.json", exists: false))
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/a.json"))
        #expect(try LocalSaveFile.resolve(dir + "/a.json", name: "x.json").exists)
        #expect(throws: LocalSaveFile.Failure(message: "no such folder: \(dir)/nope; nothing written")) {
            try LocalSaveFile.resolve(dir + "/nope/a.json", name: "x.json")
        }
        #expect(throws: LocalSaveFile.Failure(message: "not a folder: \(dir)/a.json; nothing written")) {
            try LocalSaveFile.resolve(dir + "/a.json/b.json", name: "x.json")
        }
        #expect(LocalSaveFile.folderOf("a.json") == ".")
        #expect(LocalSaveFile.folderOf("/a.json") == "/")
    }

    @Test func writesThroughATemporaryFileAndLeavesNothingOnFailure() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.json"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let file = try LocalSaveFile.create(destination: path)
        try file.write(ByteBuffer(string: #"{"new":"#))
        try file.write(ByteBuffer(string: "true}"))
        // Until the commit, the old file stays and the new bytes are only in a hidden file beside it.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        let during = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        try #require(during.count == 2, "\(during)")
        #expect(during[1] == "a.json")
        #expect(during[0].hasPrefix(".a.json.datahub-") && during[0].hasSuffix(".part"), "\(during)")
        try file.commit(replacing: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == #"{"new":true}"#)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.json"])

        let second = try LocalSaveFile.create(destination: dir + "/b.json")
        try second.write(ByteBuffer(string: "part"))
        second.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.json"])

        // Without consent, a file that appeared meanwhile is left alone.
        let third = try LocalSaveFile.create(destination: path)
        try third.write(ByteBuffer(string: "third"))
        #expect(throws: LocalSaveFile.Failure.self) { try third.commit(replacing: false) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == #"{"new":true}"#)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.json"])
    }
}
