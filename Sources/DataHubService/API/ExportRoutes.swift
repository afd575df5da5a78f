import DataHubStorage
public import Hummingbird

/// `GET /export` and `HEAD /export`: every JSON object under a folder as one streamed dataset, NDJSON or a
/// JSON array, in listing order.
///
/// The first page of the listing is fetched before the 200, so an outage then is a 503 through the normal
/// error path; a failure once the body has started aborts the connection (see `ExportStream`).
public struct ExportRoutes: Sendable {
    let service: DataService

    /// Creates the routes over the service layer.
    public init(service: DataService) {
        self.service = service
    }

    /// Registers the routes and, for every other method on `/export`, a 405 with `Allow`.
    public func register(on router: Router<DataHubRequestContext>) {
        router.get("/export") { request, context in try await self.export(request, context: context) }
        router.head("/export") { request, _ in try await self.head(request) }
        MethodNotAllowed.register(on: router, path: "/export", allowed: [.get, .head])
    }

    func export(_ request: Request, context: DataHubRequestContext) async throws -> Response {
        let options = try ExportOptions(request)
        let listing = try await ExportListing(service: service, options: options)
        let stream = ExportStream(service: service, options: options, logger: context.logger, requestID: context.requestID)
        return Response(status: .ok, headers: Self.headers(options), body: .init { writer in try await stream.run(listing, writer: &writer) })
    }

    /// The headers a GET would send, after the same checks and the same first page (DuckDB sends a HEAD first).
    func head(_ request: Request) async throws -> Response {
        let options = try ExportOptions(request)
        _ = try await ExportListing(service: service, options: options)
        return Response(status: .ok, headers: Self.headers(options))
    }

    static func headers(_ options: ExportOptions) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = options.contentType
        return headers
    }
}
