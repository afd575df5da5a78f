import Foundation
import Testing

extension TmuxDashboard {
    /// The flags that point the binary at `weed` (or at `endpoint`, a proxy in front of it), the secret in a file
    /// written for it; the caller removes that file (`removeSecretFile`) once the binary has read it.
    static func seaweedFSFlags(_ weed: SeaweedFSServer, endpoint: String? = nil) throws -> (flags: [String], secretFile: String) {
        let secretFile = NSTemporaryDirectory() + "datahub-tui-secret-\(UUID().uuidString)"
        try Data(weed.secretKey.utf8).write(to: URL(fileURLWithPath: secretFile))
        let flags = ["--storage", "s3", "--s3-endpoint", endpoint ?? weed.endpoint, "--access-key", weed.accessKey, "--secret-key-file", secretFile]
        return (flags, secretFile)
    }

    /// The dashboard on SeaweedFS, once it shows storage UP; the secret's file is gone by then (the binary reads
    /// it once, at start).
    static func onSeaweedFS(
        _ weed: SeaweedFSServer,
        endpoint: String? = nil,
        outputToFiles: Bool = false,
        environment: [String: String] = [:]
    ) async throws -> TmuxDashboard {
        let (flags, secretFile) = try seaweedFSFlags(weed, endpoint: endpoint)
        defer { try? FileManager.default.removeItem(atPath: secretFile) }
        let tmux = try TmuxDashboard(storage: flags, outputToFiles: outputToFiles, environment: environment)
        do {
            try await tmux.waitFor("● UP")
        } catch {
            tmux.stop()
            throw error
        }
        return tmux
    }

    /// Opens the folder `prefix` ("reports/2026/") from wherever the console is, the way an operator types it: a
    /// filter starting with `/` and ending in `/`; returns once the folder's listing shows `count` rows.
    func openFolder(_ prefix: String, count: String, timeout: Double = 30) async throws {
        try keys("/")
        try type("/" + prefix)
        try keys("Enter")
        let crumbs = prefix.split(separator: "/").joined(separator: " / ")
        try await waitFor("the folder \(prefix) with \(count) rows", timeout: timeout) {
            $0.contains("/ \(crumbs) /") && $0.contains("Objects (\(count))")
        }
    }

    /// `q`, exit status 0, and (with `outputToFiles`) nothing written to stdout or stderr meanwhile.
    func quitQuietly() async throws {
        try keys("q")
        #expect(try await exitStatus() == "0")
        for stream in ["stdout", "stderr"] {
            guard let text = try? String(contentsOfFile: directory + "/\(stream).log", encoding: .utf8) else { continue }
            #expect(text.isEmpty, "\(stream): \(text.prefix(500))")
        }
    }
}
