import DataHubStorage
import Foundation
public import Hummingbird

/// The `/data` routes: upload, batch upload, list, read (wrapped or raw), head and delete.
///
/// Keys are read from the raw request path (Hummingbird's catch-all drops empty segments and a trailing `/`,
/// which would let `a//b` pass as `a/b`), percent-decoded once, and checked before any store sees them.
public struct DataRoutes: Sendable {
    let service: DataService
    let spoolDirectory: String

    /// Creates the routes over the service layer.
    public init(service: DataService, spoolDirectory: String = NSTemporaryDirectory()) {
        self.service = service
        self.spoolDirectory = spoolDirectory
    }

    /// Registers the routes and, for every other method on their paths, a 405 with `Allow`.
    public func register(on router: Router<DataHubRequestContext>) {
        router.post("/data") { request, context in try await self.upload(request, context: context) }
        router.post("/data/batch") { request, context in try await self.uploadBatch(request, context: context) }
        router.get("/data") { request, context in
            if let key = try Self.keyIfNotCollection(request.uri.path) {
                return try await self.read(key: key, request: request, context: context)
            }
            return try await self.list(request, context: context)
        }
        router.get("/data/**") { request, context in
            try await self.read(key: Self.key(fromPath: request.uri.path), request: request, context: context)
        }
        router.head("/data/**") { request, _ in try await self.head(key: Self.key(fromPath: request.uri.path)) }
        router.delete("/data/**") { request, _ in try await self.delete(key: Self.key(fromPath: request.uri.path)) }
        MethodNotAllowed.register(on: router, path: "/data", allowed: [.get, .post])
        MethodNotAllowed.register(on: router, path: "/data/**", allowed: [.get, .head, .delete])
        // `/data/batch` is its own route for POST; the other methods act on an object named `batch` as before.
        router.get("/data/batch") { request, context in
            try await self.read(key: Self.key(fromPath: request.uri.path), request: request, context: context)
        }
        router.head("/data/batch") { request, _ in try await self.head(key: Self.key(fromPath: request.uri.path)) }
        router.delete("/data/batch") { request, _ in try await self.delete(key: Self.key(fromPath: request.uri.path)) }
        MethodNotAllowed.register(on: router, path: "/data/batch", allowed: [.get, .head, .post, .delete])
    }

    /// The decoded, checked key of a `/data/<key>` path.
    static func key(fromPath path: String) throws -> String {
        guard path.hasBytePrefix("/data/") else {
            throw APIError(.badRequest, code: "invalid_name", "invalid name: the path must be /data/<name>")
        }
        let key = try ObjectName.decodePathKey(path.droppingBytes("/data/".utf8.count))
        try ObjectName.validateKey(key)
        return key
    }

    /// `/data` is the collection; anything longer reaching the `/data` route (`/data/`, `/data//`) is a key
    /// that Hummingbird trimmed away, so it is checked as a key (and refused as empty).
    static func keyIfNotCollection(_ path: String) throws -> String? {
        path == "/data" ? nil : try key(fromPath: path)
    }

    /// The checked folder of `?prefix=` ("" when absent).
    static func prefix(_ request: Request) throws -> String {
        guard let raw = request.uri.queryParameters["prefix"] else { return "" }
        return try ObjectName.normalizePrefix(String(raw))
    }

    func delete(key: String) async throws -> Response {
        try await service.deleteObject(key: key)
        return .json(.ok, JSONText.object(["message": JSONText.quote("File deleted"), "filename": JSONText.quote(key)]))
    }
}

extension Response {
    /// A JSON response from already-rendered text.
    static func json(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
