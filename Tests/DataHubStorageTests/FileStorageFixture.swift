import DataHubStorage
import Foundation

/// Runs `body` with a FileStorage (bucket `bucket`) in a fresh temporary directory, removed afterwards; the
/// bucket is created first unless `ensure` is false.
func withFiles(ensure: Bool = true, _ body: (FileStorage, String) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("datahub-files-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let storage = FileStorage(directory: directory, bucket: "bucket")
    if ensure { try await storage.ensureBucket() }
    do {
        try await body(storage, directory)
    } catch {
        await storage.shutdown()
        throw error
    }
    await storage.shutdown()
}
