import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real analysis clients over `GET /export` on the real binary over SeaweedFS (issue 16): pandas
/// `read_json(url, lines=True)`, DuckDB `read_json(url, format='newline_delimited')` through httpfs, DuckDB
/// and Python's json over `format=json` (`Tests/tools/export_clients.py`, run with `DATAHUB_PYTHON`).
@Suite(.serialized) struct ExportClientsTests {
    /// Documents under the exported folder (a tenth of them one folder deeper).
    static let count = 3000
    static let cities = ["Berlin", "Zürich", "São Paulo", "Tōkyō", "Cape \"Town\""]

    /// Document `index`, spaced out as a person writes JSON; every reading is a multiple of 1/4.
    static func document(_ index: Int) -> String {
        let city = "\"" + cities[index % cities.count].replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return "{ \"id\" : \(index) , \"value\" : \((index * 37) % 1000) , \"reading\" : \(Double(index % 400) / 4) ,\n"
            + "  \"city\" : \(city) , \"tags\" : [ \"r\" , \(index % 3) ] }"
    }

    /// Uploads `documents` (index, folder, body) with at most `width` POSTs in flight.
    static func upload(_ hub: DataHubProcess, _ documents: [(folder: String, body: String)], width: Int = 32) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, document) in documents.enumerated() {
                if index >= width { try await group.next() }
                group.addTask {
                    let response = try await HTTP.upload(hub.baseURL, document.body, prefix: document.folder)
                    guard response.status == 201 else { throw TestFailure("upload \(index) answered \(response.status): \(response.text)") }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The documents the clients must read under `readings/2026`, and decoys beside that folder.
    static func uploadReadings(_ hub: DataHubProcess) async throws -> [String] {
        let bodies = (0..<count).map(document)
        var documents = bodies.enumerated().map { index, body in (folder: index % 10 == 0 ? "readings/2026/late" : "readings/2026", body: body) }
        for decoy in ["readings/2025", "readings/20260", "readings"] {
            documents.append((folder: decoy, body: "{\"id\":-1,\"value\":1000000,\"reading\":0.5,\"city\":\"Berlin\",\"tags\":[]}"))
        }
        try await upload(hub, documents)
        return bodies
    }

    @Test func pandasDuckDBAndJSONReadWhatWasUploaded() async throws {
        let started = ContinuousClock.now
        let (s3, hub) = try await APIEndToEndTests.start()
        defer { s3.stop() }
        let documents = try await Self.uploadReadings(hub)
        print("[export clients] \(documents.count) documents uploaded in \(ContinuousClock.now - started)")
        let file = try Self.writeDocuments(documents)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let outcome = try await Self.runClients([hub.baseURL, "readings/2026", file])
        print(outcome.output)
        #expect(outcome.status == 0, "export_clients.py exited with \(outcome.status):\n\(outcome.output)")
        #expect(outcome.output.components(separatedBy: "\nOK    ").count - 1 == 5, "not every client reported OK:\n\(outcome.output)")

        // The checker itself notices a difference: with one uploaded document left out of what it expects, DuckDB's
        // figures and Python's documents differ (exit 1), which is neither a pass nor a client failure (exit 2).
        let short = try Self.writeDocuments(Array(documents.dropLast()))
        defer { try? FileManager.default.removeItem(atPath: short) }
        let wrong = try await Self.runClients([hub.baseURL, "readings/2026", short, "--clients", "duckdb,json"])
        #expect(wrong.status == 1, "export_clients.py with one document too few exited with \(wrong.status):\n\(wrong.output)")
        #expect(wrong.output.components(separatedBy: "\nDIFF  ").count - 1 == 2, "not every client saw the difference:\n\(wrong.output)")
        #expect(await hub.stop() == 0)
        print("[export clients] whole test took \(ContinuousClock.now - started)")
    }

    /// Writes the documents as one JSON array to a temporary file; returns its path.
    static func writeDocuments(_ documents: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "export-clients-\(UUID().uuidString).json"
        try ("[" + documents.joined(separator: ",\n") + "]").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The interpreter with pandas and DuckDB: `DATAHUB_PYTHON`, else `<repo>/.venv/bin/python`.
    static func python() throws -> String {
        let configured = ProcessInfo.processInfo.environment["DATAHUB_PYTHON"] ?? ""
        let path = configured.isEmpty ? TestPaths.repositoryRoot + "/.venv/bin/python" : configured
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("Python not found at \(path): set DATAHUB_PYTHON or run bin/test.sh once to make .venv")
        }
        return path
    }

    /// Runs `Tests/tools/export_clients.py` with `arguments`; after `timeout` the process (only it, by pid) gets
    /// SIGTERM. Output goes to a file, never a pipe, so a chatty child cannot block.
    static func runClients(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "export-clients-\(UUID().uuidString).out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = [TestPaths.repositoryRoot + "/Tests/tools/export_clients.py"] + arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let (ended, continuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationReason == .uncaughtSignal ? -finished.terminationStatus : finished.terminationStatus)
            continuation.finish()
        }
        try process.run()
        TestPaths.recordPid(process.processIdentifier)
        let pid = process.processIdentifier
        let watchdog = Task {
            try await Task.sleep(for: timeout)  // throws when cancelled, so a finished process is never signalled
            kill(pid, SIGTERM)
        }
        var status: Int32 = -1
        for await value in ended { status = value }
        watchdog.cancel()
        return (status, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }
}
