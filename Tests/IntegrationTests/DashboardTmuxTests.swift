import Foundation
import Testing

/// The real binary's dashboard in a tmux server of its own: keys by `send-keys`, the screen by `capture-pane`.
final class TmuxDashboard: @unchecked Sendable {
    let socket = "datahub-tui-\(UUID().uuidString.prefix(8))"
    let port: Int
    let directory: String
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let tmuxPath: String

    /// Starts `datahub` in a detached tmux session: with `storage` flags, or the embedded file store in a
    /// temporary directory. With `outputToFiles`, the binary's stdout and stderr go to `<directory>/stdout.log` and
    /// `stderr.log` (the screen is drawn on the pane's terminal device, not on stdout). `arguments` are added
    /// flags (`--read-only`), `environment` added variables (`NO_COLOR`).
    init(
        width: Int = 120,
        height: Int = 40,
        storage: [String]? = nil,
        outputToFiles: Bool = false,
        arguments: [String] = [],
        environment: [String: String] = [:]
    ) throws {
        guard let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first(where: FileManager.default.isExecutableFile) else {
            throw TestFailure("tmux is not installed; the dashboard tests need it (apt-get install tmux)")
        }
        tmuxPath = tmux
        let binary = DataHubProcess.binaryPath
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestFailure("datahub binary not found at \(binary); run `swift build` first")
        }
        port = try TestPaths.freePort()
        directory = NSTemporaryDirectory() + "datahub-tui-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let storageFlags = (storage ?? ["--storage", "file", "--data-dir", directory + "/data"]).map { "'\($0)'" }.joined(separator: " ")
        let variables = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)' " }.joined()
        let extra = arguments.map { " '\($0)'" }.joined()
        let command =
            "cd '\(directory)' && LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME='\(directory)' \(variables)'\(binary)' \(storageFlags)\(extra)"
            + " --port \(port) --log-dir '\(directory)/logs'" + (outputToFiles ? " >'\(directory)/stdout.log' 2>'\(directory)/stderr.log'" : "")
            + "; echo $? > '\(directory)/exit-status'; sleep 120"
        try run(["new-session", "-d", "-s", "dh", "-x", "\(width)", "-y", "\(height)", "sh", "-c", command])
    }

    /// Runs a tmux command on this test's server and waits for it (posix_spawn + waitpid: tmux commands
    /// return at once). Output goes to a file, never a pipe: the server that `new-session` forks would
    /// inherit a pipe and keep it open.
    @discardableResult
    func run(_ arguments: [String], capture: Bool = false) throws -> String {
        let outputPath = directory + "/tmux-out-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? outputPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([tmuxPath, "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tmuxPath, &actions, nil, argv, environ)
        guard rc == 0 else { throw TestFailure("cannot start tmux: error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard capture else { return "" }
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Sends tmux key names (`Enter`, `Escape`, `Tab`, `q`…).
    func keys(_ names: String...) throws { try run(["send-keys", "-t", "dh"] + names) }

    /// Types text literally.
    func type(_ text: String) throws { try run(["send-keys", "-t", "dh", "-l", text]) }

    /// The screen as text.
    func screen() throws -> String { try run(["capture-pane", "-p", "-t", "dh"], capture: true) }

    /// The screen with its attributes as escape sequences (`capture-pane -e`).
    func screenWithEscapes() throws -> String { try run(["capture-pane", "-p", "-e", "-t", "dh"], capture: true) }

    /// Polls the screen (every 100 ms, up to `timeout`) until `predicate` holds; returns the screen, settled when
    /// it can be: a capture can catch ncurses mid-redraw (a header already new above lines still old), so while
    /// later captures still satisfy `predicate` and keep changing, the latest is taken (a few times, 30 ms apart).
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 15, _ predicate: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) {
                for _ in 0..<5 {
                    try await Task.sleep(for: .milliseconds(30))
                    let next = try screen()
                    guard predicate(next), next != last else { break }
                    last = next
                }
                return last
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("screen never showed \(what) within \(timeout) s; last screen:\n\(last)")
    }

    /// Polls until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15) async throws -> String {
        try await waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// The exit status the shell recorded, polled up to `timeout`.
    func exitStatus(timeout: Double = 15) async throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            // `echo $? > exit-status` creates the file before it writes the number: an empty file is not yet an answer.
            if let text = try? String(contentsOfFile: directory + "/exit-status", encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Writes a file in the test directory; returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Stops the tmux server (and the binary with it) and removes the directory.
    /// `kill-server` alone leaves this tmux's server running here, so its pid and the pane's process group
    /// (the shell, the binary, `sleep`) are ended by id as well.
    func stop() {
        let ids = (try? run(["display-message", "-p", "-t", "dh", "#{pid} #{pane_pid}"], capture: true)) ?? ""
        _ = try? run(["kill-server"])
        let pids = ids.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        if pids.count == 2 {
            kill(-pids[1], SIGKILL)
            kill(pids[0], SIGTERM)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

@Suite(.serialized) struct DashboardTmuxTests {
    private func listing(_ base: String) async throws -> String {
        try await HTTP.request("GET", base + "/data").text
    }

    @Test func listPreviewUploadDeleteFilterAndHelp() async throws {
        let tmux = try TmuxDashboard()
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        try await tmux.waitFor(tmux.baseURL)
        let first = try await HTTP.upload(tmux.baseURL, #"{"city":"Cape Town","readings":[1,2,3]}"#)
        let second = try await HTTP.upload(tmux.baseURL, #"{"city":"東京","n":2}"#)
        #expect(first.status == 201 && second.status == 201)
        let firstKey = try #require(first.json["filename"] as? String)
        let secondKey = try #require(second.json["filename"] as? String)
        try await tmux.waitFor("Objects (2)")
        try await tmux.waitFor("POST /data 201")

        try tmux.keys("Enter")
        try await tmux.waitFor(#""city": "Cape Town","#)

        let good = try tmux.file("good.json", #"{"uploaded":"from the console"}"#)
        try tmux.keys("u")
        try tmux.type(good)
        try tmux.keys("Enter")
        try await tmux.waitFor("uploaded ")
        try await tmux.waitFor("Objects (3)")
        #expect(try await listing(tmux.baseURL).contains("\"count\":3"))

        try tmux.keys("u")
        try tmux.type("~/missing.json")
        try tmux.keys("Enter")
        try await tmux.waitFor("No such file or directory; nothing uploaded")
        let bad = try tmux.file("bad.json", #"{"a": tru"#)
        try tmux.keys("u")
        try tmux.type(bad)
        try tmux.keys("Enter")
        try await tmux.waitFor("not valid JSON")
        #expect(try await listing(tmux.baseURL).contains("\"count\":3"))

        try tmux.keys("d")
        try await tmux.waitFor("(y/n)")
        try tmux.keys("n")
        try await tmux.waitFor("delete cancelled")
        #expect(try await listing(tmux.baseURL).contains(firstKey))
        try tmux.keys("d")
        try await tmux.waitFor("(y/n)")
        try tmux.keys("y")
        try await tmux.waitFor("deleted \(firstKey)")
        #expect(!(try await listing(tmux.baseURL).contains(firstKey)))

        try tmux.keys("/")
        try tmux.type(String(secondKey.suffix(9)))
        try await tmux.waitFor("Objects (1 of 2)")
        try tmux.keys("Escape")
        try await tmux.waitFor("Objects (2)")

        try tmux.keys("?")
        try await tmux.waitFor("Help: keys")
        try tmux.keys("x")
        try await tmux.waitFor("no help overlay") { !$0.contains("Help: keys") }

        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
    }

    @Test func resizeShowsTheSizeNoticeAndQuitClosesThePort() async throws {
        let tmux = try TmuxDashboard()
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        #expect(try await HTTP.request("GET", tmux.baseURL + "/health").status == 200)
        try tmux.run(["resize-window", "-t", "dh", "-x", "40", "-y", "10"])
        let small = try await tmux.waitFor("terminal too small")
        #expect(small.contains("80x20"))
        #expect(small.contains("40x10"))
        try tmux.run(["resize-window", "-t", "dh", "-x", "100", "-y", "30"])
        let big = try await tmux.waitFor("Objects (0)")
        #expect(big.split(separator: "\n").first?.hasPrefix("┌ DataHub") == true)
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
        await #expect(throws: (any Error).self) { try await HTTP.request("GET", tmux.baseURL + "/health", timeout: 2) }
    }

    @Test func sigtermStopsTheDashboardCleanly() async throws {
        let tmux = try TmuxDashboard()
        defer { tmux.stop() }
        try await tmux.waitFor("● UP")
        let pid = try tmux.run(["list-panes", "-t", "dh", "-F", "#{pane_pid}"], capture: true).trimmingCharacters(in: .whitespacesAndNewlines)
        let shell = try #require(Int32(pid))
        // The binary is the shell's child; pkill by parent id (not by name) finds exactly it.
        let finder = Process()
        finder.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        finder.arguments = ["-P", String(shell)]
        let output = Pipe()
        finder.standardOutput = output
        try finder.run()
        finder.waitUntilExit()
        let child = try #require(
            Int32(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").first ?? "")
        )
        kill(child, SIGTERM)
        #expect(try await tmux.exitStatus() == "0")
    }

    @Test func outageTurnsTheHealthPaneRedAndRecoveryReloadsTheList() async throws {
        let weed = try await SeaweedFSServer.start()
        defer { weed.stop() }
        let (flags, secretFile) = try TmuxDashboard.seaweedFSFlags(weed)
        defer { try? FileManager.default.removeItem(atPath: secretFile) }
        let tmux = try TmuxDashboard(storage: flags)
        defer { tmux.stop() }
        try await tmux.waitFor("● UP", timeout: 15)
        #expect(try await HTTP.upload(tmux.baseURL, #"{"before":"outage"}"#).status == 201)
        try await tmux.waitFor("Objects (1)")

        weed.kill()
        let down = try await tmux.waitFor("● DOWN", timeout: 3)
        #expect(down.contains("STALE"))
        #expect(down.contains("storage DOWN"))
        let file = try tmux.file("during.json", #"{"during":"outage"}"#)
        try tmux.keys("u")
        try tmux.type(file)
        try tmux.keys("Enter")
        try await tmux.waitFor("upload failed: storage is unavailable")

        try await weed.restart()
        try await tmux.waitFor("● UP", timeout: 10)
        try await tmux.waitFor("storage UP after")
        let recovered = try await tmux.waitFor("list reloaded, not stale") { $0.contains("Objects (1)") && !$0.contains("STALE") }
        // The S3 secret never reaches the screen: not in the title, the health pane's errors or the feed.
        for screen in [down, recovered] { #expect(!screen.contains(weed.secretKey)) }
        try tmux.keys("q")
        #expect(try await tmux.exitStatus() == "0")
    }
}
