// A bare Hummingbird 2 server with one route, `GET /` answering a small body: the framework's
// ceiling beside DataHub's `GET /health` (benchmarks/api/run.sh).
// Usage: HelloBench <port>   (binds 127.0.0.1 only)
import Hummingbird

/// The loopback port to listen on: the first argument, else 8080.
let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8080 : 8080
/// One route with a small JSON-like body and no middleware: no request id, no log line, no metrics.
let router = Router()
router.get("/") { _, _ in
    #"{"status":"healthy"}"#
}
/// The server; runs until SIGTERM/SIGINT.
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
