import Foundation
public import Hummingbird

/// `/`, `/health`, `/storage/health`, `/metrics` and `/openapi.json`.
public struct InfoRoutes: Sendable {
    let service: DataService
    /// The version reported by `GET /`.
    public static let version = "1.0.0"
    /// The service name of `/health`, as the original service reported it.
    public static let serviceName = "data-analytics-service"

    /// Creates the routes.
    public init(service: DataService) { self.service = service }

    /// Registers the routes and their 405 answers.
    public func register(on router: Router<DataHubRequestContext>) {
        router.get("/") { _, _ in Response.json(.ok, Self.indexJSON) }
        router.get("/health") { _, _ in
            Response.json(
                .ok,
                JSONText.object([
                    "status": JSONText.quote("healthy"), "timestamp": JSONText.quote(JSONText.timestamp(Date())),
                    "service": JSONText.quote(Self.serviceName),
                ])
            )
        }
        router.get("/storage/health") { _, _ in try self.storageHealth() }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            // The gauge is derived from the monitor's state when scraped, so it is never stale.
            self.service.metrics.setStorageUp(self.service.status.health.status == .up)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: self.service.metrics.render())))
        }
        router.get("/openapi.json") { _, _ in Response.json(.ok, try OpenAPIDocument.text()) }
        for path in ["/", "/health", "/storage/health", "/metrics", "/openapi.json"] {
            MethodNotAllowed.register(on: router, path: RouterPath(path), allowed: [.get])
        }
    }

    /// Answers from the monitor's latest probe; never probes on the request.
    func storageHealth() throws -> Response {
        let health = service.status.health
        if health.status == .up {
            let latency = health.latency.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 } ?? 0
            return .json(
                .ok,
                JSONText.object([
                    "status": JSONText.quote("healthy"), "storage": JSONText.quote("connected"),
                    "bucket": JSONText.quote(service.bucket), "latency_ms": String(format: "%.1f", latency),
                ])
            )
        }
        let reason = health.status == .unknown ? "storage has not been checked yet" : "storage is unreachable: \(health.lastError ?? "unknown error")"
        var error = APIError.storageUnavailable(reason)
        error.extraFields = [
            ("status", JSONText.quote("unhealthy")), ("storage", JSONText.quote("disconnected")),
            ("bucket", JSONText.quote(service.bucket)), ("since", JSONText.quote(JSONText.timestamp(health.since))),
        ]
        throw error
    }

    static let indexJSON = JSONText.object([
        "service": JSONText.quote("Data Analytics Hub - S3 Data Service"), "version": JSONText.quote(version),
        "endpoints": JSONText.object([
            "health": JSONText.quote("GET /health"), "storage_health": JSONText.quote("GET /storage/health"),
            "upload": JSONText.quote("POST /data"), "list": JSONText.quote("GET /data"),
            "get": JSONText.quote("GET /data/<filename>"), "delete": JSONText.quote("DELETE /data/<filename>"),
            "export": JSONText.quote("GET /export?prefix=<folder>"),
            "metrics": JSONText.quote("GET /metrics"), "openapi": JSONText.quote("GET /openapi.json"),
        ]),
    ])
}
