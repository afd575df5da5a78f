import NIOCore
import S3Signer

/// The S3 backend: any S3-compatible store (MinIO, SeaweedFS, AWS), signed with SigV4, path-style URLs.
///
/// Requests go over SwiftNIO on the caller's event loop (`StoreClient`, the default) or over libcurl's multi
/// interface on a thread of its own (`CurlClient`), at most `workers` at once, on kept-alive connections. The
/// health probe always has its own curl thread and connection, so that busy event loops or a full connection
/// pool never delay it. Call `shutdown()` once.
public final class S3Storage: Storage {
    /// The bucket every object goes to.
    public let bucket: String
    /// The endpoint, without credentials.
    public let location: String

    let configuration: S3Configuration
    let endpoint: S3Endpoint
    let signer: SigV4Signer
    let client: any StoreTransport
    let probeClient: CurlClient

    /// Creates the storage and starts its transfer and probe threads.
    /// - Throws: `StorageError.badRequest` when the endpoint is not `http(s)://host[:port]` or the bucket name is empty.
    public init(configuration: S3Configuration) throws {
        let endpoint = try S3Endpoint(parsing: configuration.endpoint)
        guard !configuration.bucket.isEmpty, !configuration.bucket.contains("/") else {
            throw StorageError(.badRequest, "The bucket name '\(configuration.bucket)' is not valid; fix --bucket.")
        }
        // The access key goes into every request's `Authorization` header as it is (never echoed: it is half a secret).
        guard configuration.credentials.accessKey.isVisibleASCII else {
            throw StorageError(.badRequest, "The S3 access key holds spaces or characters that cannot go into an HTTP header; fix --access-key.")
        }
        self.configuration = configuration
        self.endpoint = endpoint
        self.bucket = configuration.bucket
        self.location = endpoint.base
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        let base = endpoint.base
        let mapError: @Sendable (StoreTransportError) -> any Error = { S3Storage.transportError($0, endpoint: base) }
        switch configuration.transport {
        case .nio:
            self.client = try StoreClient(endpoint: endpoint, caFile: configuration.caFile, maxTransfers: configuration.workers, mapError: mapError)
        case .curl:
            self.client = CurlClient(name: "datahub-s3", maxTransfers: configuration.workers, mapError: mapError)
        }
        self.probeClient = CurlClient(name: "datahub-s3-probe", maxTransfers: 1, mapError: mapError)
    }

    /// Makes sure the bucket exists: HEAD it, and PUT it when missing (a concurrent creation counts as success).
    public func ensureBucket() async throws {
        let head = try await client.perform(request(method: "HEAD", key: nil, total: configuration.requestTimeout))
        if (200..<300).contains(head.status) { return }
        guard head.status == 404 else { throw s3Error(head, key: nil) }
        var body = ByteBuffer()
        if configuration.region != "us-east-1" {
            body.writeString(
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>"
            )
        }
        let create = try await client.perform(
            request(method: "PUT", key: nil, body: .buffer(body), payloadHash: Self.sha256Hex(body), total: configuration.requestTimeout)
        )
        if (200..<300).contains(create.status) { return }
        if create.status == 409, S3ErrorBody(create.body)?.code == "BucketAlreadyOwnedByYou" { return }
        throw s3Error(create, key: nil)
    }

    /// HEADs the bucket on the probe's own thread and handle, bounded by the health timeout.
    public func probe() async throws {
        var probe = request(method: "HEAD", key: nil, total: configuration.healthTimeout)
        probe.connectTimeout = min(configuration.connectTimeout, configuration.healthTimeout)
        probe.idleTimeout = min(configuration.idleTimeout, configuration.healthTimeout)
        let response = try await probeClient.perform(probe)
        guard (200..<300).contains(response.status) else { throw s3Error(response, key: nil) }
    }

    /// Stores an object with one PUT (`If-None-Match: *` when `createOnly`); `sha256` goes as signed user metadata.
    /// - Returns: the ETag, hex without quotes.
    public func put(key: String, body: PutBody, contentType: String, createOnly: Bool, sha256: String?) async throws -> String {
        try Self.checkKey(key)
        var headers = [(name: "Content-Type", value: contentType)]
        if createOnly { headers.append((name: "If-None-Match", value: "*")) }
        if let sha256 { headers.append((name: Self.sha256MetadataHeader, value: sha256)) }
        let payloadHash: String
        switch body {
        // The caller's digest is of these very bytes: signing it saves hashing them again (stores that check the
        // payload hash, as MinIO does, would refuse a wrong one; SeaweedFS does not check it).
        case .buffer(let buffer): payloadHash = sha256 ?? Self.sha256Hex(buffer)
        // A file body is streamed once, unsigned: hashing it first would read it twice.
        case .file: payloadHash = SigV4Signer.unsignedPayload
        }
        let put = request(method: "PUT", key: key, headers: headers, body: body, payloadHash: payloadHash, total: nil)
        let response = try await client.perform(put)
        guard (200..<300).contains(response.status) else {
            if createOnly && (response.status == 412 || response.status == 409) { throw Self.alreadyExists(key) }
            throw s3Error(response, key: key)
        }
        return Self.unquote(response.header("etag") ?? "")
    }

    /// HEADs one object.
    public func head(key: String) async throws -> ObjectInfo {
        try Self.checkKey(key)
        let response = try await client.perform(request(method: "HEAD", key: key, total: configuration.requestTimeout))
        guard (200..<300).contains(response.status) else { throw s3Error(response, key: key) }
        return try objectInfo(key: key, response: response).info
    }

    /// Starts a streamed GET; returns once the status and headers are in.
    public func get(key: String, range: ClosedRange<Int64>?) async throws -> ObjectDownload {
        try Self.checkKey(key)
        var headers: [(name: String, value: String)] = []
        if let range { headers.append((name: "Range", value: "bytes=\(range.lowerBound)-\(range.upperBound)")) }
        var get = request(method: "GET", key: key, headers: headers, total: nil)
        get.mode = .stream
        let response = try await client.perform(get)
        guard response.status == 200 || response.status == 206 else { throw s3Error(response, key: key) }
        let (info, served) = try objectInfo(key: key, response: response)
        let body = response.stream ?? ObjectBody.single(response.body)
        return ObjectDownload(info: info, range: range == nil ? nil : served, body: body)
    }

    /// Deletes one object; a missing key is not an error.
    public func delete(key: String) async throws {
        try Self.checkKey(key)
        let response = try await client.perform(request(method: "DELETE", key: key, total: configuration.requestTimeout))
        if (200..<300).contains(response.status) { return }
        if response.status == 404, S3ErrorBody(response.body)?.code != "NoSuchBucket" { return }
        throw s3Error(response, key: key)
    }

    /// One ListObjectsV2 page under `prefix`.
    public func list(prefix: String, cursor: String?, limit: Int) async throws -> ListPage {
        var query = [(name: "list-type", value: "2"), (name: "max-keys", value: String(min(max(limit, 1), 1000)))]
        if !prefix.isEmpty { query.append((name: "prefix", value: prefix)) }
        if let cursor { query.append((name: "continuation-token", value: cursor)) }
        var list = request(method: "GET", key: nil, query: query, total: configuration.requestTimeout)
        list.mode = .collect(limit: 16 << 20)
        let response = try await client.perform(list)
        guard (200..<300).contains(response.status) else { throw s3Error(response, key: nil) }
        return try S3ListParser.parse(String(buffer: response.body), endpoint: location)
    }

    /// One folder level: ListObjectsV2 with `delimiter=/`; S3 counts common prefixes in `max-keys`.
    public func listFolder(prefix: String, cursor: String?, limit: Int) async throws -> FolderPage {
        var query = [(name: "list-type", value: "2"), (name: "max-keys", value: String(min(max(limit, 1), 1000)))]
        query.append((name: "delimiter", value: "/"))
        if !prefix.isEmpty { query.append((name: "prefix", value: prefix)) }
        if let cursor { query.append((name: "continuation-token", value: cursor)) }
        var list = request(method: "GET", key: nil, query: query, total: configuration.requestTimeout)
        list.mode = .collect(limit: 16 << 20)
        let response = try await client.perform(list)
        guard (200..<300).contains(response.status) else { throw s3Error(response, key: nil) }
        return try S3ListParser.parseFolder(String(buffer: response.body), endpoint: location)
    }

    /// Aborts transfers in flight and releases threads and handles.
    public func shutdown() async {
        await client.shutdown()
        await probeClient.shutdown()
    }
}
