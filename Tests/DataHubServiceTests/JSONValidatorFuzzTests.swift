import DataHubService
import DataHubStorage
import Foundation
import Testing

/// SplitMix64: a small seeded generator, so that every run tries the same cases.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Where the Python interpreter is: `DATAHUB_PYTHON`, else `<repo>/.venv/bin/python`.
func pythonInterpreter() -> String {
    if let path = ProcessInfo.processInfo.environment["DATAHUB_PYTHON"], !path.isEmpty { return path }
    return repositoryRoot() + "/.venv/bin/python"
}

/// The repository root, three levels above this file (Tests/DataHubServiceTests/<file>).
func repositoryRoot(_ file: String = #filePath) -> String {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

/// Valid documents the mutations start from.
private let fuzzSeeds: [String] = [
    "{\"name\":\"sensor-1\",\"values\":[1,-2.5,3e10,0.0001,-0],\"ok\":true,\"none\":null}",
    "[\"é\",\"漢字\",\"😀\",\"\\u00e9\",\"\\uD83D\\uDE00\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
    "  {\"a\" : { \"b\" : [ [ ], { }, \"\" ] } }\n",
    "-12.5e-3", "\"just a string\"", "true", "null", "0", "[1e400, 123456789012345678901234567890]",
    "{\"k\u{10FFFF}\":\"\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\"}",
    "[[[[[[[[[[1]]]]]]]]]]", "{\"deep\":{\"deeper\":{\"deepest\":[false,true,null]}}}",
]

/// Short byte strings that sit on the edges of the grammar and of UTF-8.
private let trickyTokens: [[UInt8]] =
    [
        "\\uD800", "\\uDC00", "\\uD83D", "\\uDE00", "\\u00", "\\x", "\\", "\"", "01", "1.", ".5", "-", "1e", "1e+",
        "NaN", "Infinity", "-Infinity", "tru", "nul", "fals", "}", "]", "{", "[", ",", ":", " ", "\t", "\n", "1e400",
        "-0", "0.0e-0", "\u{FEFF}", "\u{7F}", "\u{0}", "\u{1F}", "é", "😀",
        // Tokens that are valid in many places, so that a fair share of the mutations stays valid.
        "\\u00e9", "\\uD83D\\uDE00", "\\n", "0", "{}", "[]", "\"\"", "true", "1.5e-7", "  ",
    ].map { Array($0.utf8) } + [
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xF5, 0x80], [0xFF], [0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xEF, 0xBB, 0xBF], [0x0C], [0x0B],
        Array(repeating: UInt8(ascii: "["), count: 513), Array(repeating: UInt8(ascii: "]"), count: 513),
        Array(repeating: UInt8(ascii: "["), count: 300), Array(repeating: UInt8(ascii: "]"), count: 300),
    ]

/// One random mutation of a seed: byte flips, insertions, deletions, truncations, token splices.
private func mutate(_ input: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...3, using: &random) {
        let position = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 7: bytes.insert([0x20, 0x09, 0x0A, 0x0D].randomElement(using: &random)!, at: position)
        case 0 where position < bytes.count: bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 1 where position < bytes.count: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
        case 3 where position < bytes.count:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...3, using: &random)))
        case 4: bytes = Array(bytes[..<position])
        case 5:
            let token = trickyTokens.randomElement(using: &random)!
            let end = min(bytes.count, position + Int.random(in: 0...2, using: &random))
            bytes.replaceSubrange(position..<end, with: token)
        default: bytes.insert(contentsOf: trickyTokens.randomElement(using: &random)!, at: position)
        }
    }
    return bytes
}

@Suite struct JSONValidatorFuzzTests {
    @Test func agreesWithPythonJSONOnSeededMutations() async throws {
        // DATAHUB_FUZZ_SEED and DATAHUB_FUZZ_CASES allow longer runs by hand; the defaults keep CI fast and repeatable.
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["DATAHUB_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xDA7A_4B
        let count = max(6_000, environment["DATAHUB_FUZZ_CASES"].flatMap { Int($0) } ?? 6_000)
        var random = SeededGenerator(seed: seed)
        var cases = fuzzSeeds.map { Array($0.utf8) }
        while cases.count < count {
            cases.append(mutate(fuzzSeeds.randomElement(using: &random).map { Array($0.utf8) }!, &random))
        }
        let decisions = try await runOracle(cases)
        try #require(decisions.count == cases.count, "the oracle answered \(decisions.count) of \(cases.count) cases")
        var accepted = 0
        var mismatches: [String] = []
        for (index, input) in cases.enumerated() {
            let whole = validationOutcome([input[...]])
            let cut = Int.random(in: 0...input.count, using: &random)
            let split = validationOutcome([input[..<cut], input[cut...]])
            #expect(split == whole, "case \(index) split at \(cut) changed the outcome")
            let oracleAccepts = decisions[index] == "accept"
            if oracleAccepts { accepted += 1 }
            if oracleAccepts != (whole == nil) {
                mismatches.append(
                    "case \(index) \(Data(input).base64EncodedString()): python \(decisions[index]), swift \(whole?.message ?? "accept")"
                )
            }
        }
        print(
            "JSON fuzz (seed \(seed)): \(cases.count) cases; the oracle accepted \(accepted) and rejected \(cases.count - accepted); \(mismatches.count) mismatches"
        )
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))")
        // A fuzz run that only ever rejects (or accepts) would prove little.
        #expect(accepted > cases.count / 20 && cases.count - accepted > cases.count / 2)
    }

    /// Runs Tests/tools/json_oracle.py once over all cases; one decision line per case.
    private func runOracle(_ cases: [[UInt8]]) async throws -> [String] {
        let python = pythonInterpreter()
        try #require(FileManager.default.isExecutableFile(atPath: python), "Python not found at \(python): set DATAHUB_PYTHON or create .venv")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("datahub-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("cases.txt")
        let output = directory.appendingPathComponent("decisions.txt")
        try cases.map { Data($0).base64EncodedString() }.joined(separator: "\n").appending("\n").write(to: input, atomically: true, encoding: .ascii)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot() + "/Tests/tools/json_oracle.py", input.path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        let status = try await runBounded(process, seconds: 120)
        try #require(status == 0, "json_oracle.py exited with \(status)")
        return try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}

/// Runs a process and waits for it without blocking a thread; terminates it after `seconds`.
/// - Returns: its exit status.
func runBounded(_ process: Process, seconds: Double) async throws -> Int32 {
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
            return
        }
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning && process.processIdentifier == pid { process.terminate() }
        }
    }
    return status
}
