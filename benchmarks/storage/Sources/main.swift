// StorageBench: S3Storage's 1 KB PUT/GET rate at N concurrent callers, and the memory cost of a streamed
// 50 MB put + get. Run through benchmarks/storage/run.sh, which starts its own SeaweedFS and compares
// the figures with the store's own rate (wrk, unsigned) and boto3's.
import DataHubStorage
import EventLoopExecutor
import Foundation
import NIOCore
import S3Signer

/// Command-line options: `--mode rate|memory --endpoint URL --bucket B --seconds S --concurrency N`.
struct Options {
    var mode = "rate"
    var endpoint = "http://127.0.0.1:8333"
    var bucket = "bench"
    var seconds = 5.0
    var concurrency = 16
    var seedKeys = 100
    /// `put`, `get` or `both`: which rates `--mode rate` measures.
    var only = "both"
    /// `nio` or `curl`: `S3Storage`'s transport.
    var transport = S3Transport.nio

    init(_ arguments: [String]) {
        var index = 1
        while index + 1 < arguments.count {
            let value = arguments[index + 1]
            switch arguments[index] {
            case "--mode": mode = value
            case "--endpoint": endpoint = value
            case "--bucket": bucket = value
            case "--seconds": seconds = Double(value) ?? seconds
            case "--concurrency": concurrency = Int(value) ?? concurrency
            case "--seed-keys": seedKeys = Int(value) ?? seedKeys
            case "--only": only = value
            case "--transport": transport = S3Transport(rawValue: value) ?? transport
            default: break
            }
            index += 2
        }
    }
}

/// Runs `operation` from `concurrency` tasks until `seconds` pass; returns completed operations per second.
func measureRate(concurrency: Int, seconds: Double, _ operation: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var done = 0
                while ContinuousClock.now < deadline && done < 10_000_000 {
                    try await operation(worker, done)
                    done += 1
                }
                return done
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = (ContinuousClock.now - start).components
    return Double(total) / (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
}

/// Resident and peak resident memory of this process in KiB, from /proc/self/status.
func memoryKiB() -> (rss: Int, peak: Int) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Int {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

func makeStorage(_ options: Options) throws -> S3Storage {
    let credentials = S3Credentials(
        accessKey: ProcessInfo.processInfo.environment["BENCH_ACCESS_KEY"] ?? "bench",
        secretKey: ProcessInfo.processInfo.environment["BENCH_SECRET_KEY"] ?? "bench-secret"
    )
    return try S3Storage(
        configuration: S3Configuration(
            endpoint: options.endpoint,
            bucket: options.bucket,
            credentials: credentials,
            workers: options.concurrency,
            transport: options.transport
        )
    )
}

func runRate(_ options: Options) async throws {
    let storage = try makeStorage(options)
    try await storage.ensureBucket()
    let payload = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1024)
    let run = UUID().uuidString.prefix(8)
    let putRate =
        options.only == "get"
        ? 0
        : try await measureRate(concurrency: options.concurrency, seconds: options.seconds) { worker, index in
            _ = try await storage.put(
                key: "swift/\(run)/\(worker)-\(index)",
                body: .buffer(payload),
                contentType: "application/octet-stream",
                createOnly: false
            )
        }
    let seeds = options.seedKeys
    let getRate =
        options.only == "put"
        ? 0
        : try await measureRate(concurrency: options.concurrency, seconds: options.seconds) { worker, index in
            let download = try await storage.get(key: "seed/\((worker * 7 + index) % seeds)", range: nil)
            var bytes = 0
            for try await chunk in download.body { bytes += chunk.readableBytes }
            if bytes != 1024 { throw StorageError(.io, "short read: \(bytes) bytes") }
        }
    await storage.shutdown()
    print(String(format: "storage put_per_s=%.0f get_per_s=%.0f", putRate, getRate))
}

func runMemory(_ options: Options) async throws {
    let storage = try makeStorage(options)
    try await storage.ensureBucket()
    let size = 50 << 20
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).bin").path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    let block = Data(repeating: 0x5a, count: 1 << 20)
    for _ in 0..<(size >> 20) { try handle.write(contentsOf: block) }
    try handle.close()
    defer { try? FileManager.default.removeItem(atPath: path) }
    // Warm up threads and connections so the baseline includes them.
    _ = try await storage.put(key: "mem/warm", body: .buffer(ByteBuffer(string: "{}")), contentType: "application/json", createOnly: false)
    let before = memoryKiB()
    _ = try await storage.put(
        key: "mem/50mb",
        body: .file(path: path, length: Int64(size)),
        contentType: "application/octet-stream",
        createOnly: false
    )
    let afterPut = memoryKiB()
    let download = try await storage.get(key: "mem/50mb", range: nil)
    var received = 0
    for try await chunk in download.body {
        received += chunk.readableBytes
        try await Task.sleep(for: .microseconds(50))  // a consumer slower than the network: the queue must stay bounded
    }
    let after = memoryKiB()
    await storage.shutdown()
    guard received == size else { throw StorageError(.io, "received \(received) of \(size) bytes") }
    print(
        "memory rss_before_kib=\(before.rss) peak_before_kib=\(before.peak) peak_after_put_kib=\(afterPut.peak) peak_after_get_kib=\(after.peak) "
            + "peak_delta_kib=\(max(after.peak - max(before.peak, before.rss), 0)) peak_minus_rss_before_kib=\(after.peak - before.rss)"
    )
}

let options = Options(CommandLine.arguments)
// S3Storage runs here as it runs in `datahub serve`: callers on the NIO event loops (Swift's global executor).
EventLoopGlobalExecutor.install()
do {
    // As in `datahub serve`: the callers' tasks prefer the event loops (`EventLoopTaskExecutor`).
    try await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
        switch options.mode {
        case "memory": try await runMemory(options)
        default: try await runRate(options)
        }
    }
} catch {
    FileHandle.standardError.write(Data("StorageBench failed: \(error)\n".utf8))
    exit(1)
}
