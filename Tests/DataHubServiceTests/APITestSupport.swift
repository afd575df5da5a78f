import DataHubStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationEssentialsCompat

@testable import DataHubService

/// A router-level app over a fresh FileStorage in a temporary directory.
struct APITestApp {
    let service: DataService
    let app: Application<RouterResponder<DataHubRequestContext>>
    let directory: String

    init(configure: (inout DataHubConfiguration) -> Void = { _ in }) {
        directory = NSTemporaryDirectory() + "datahub-api-\(UUID().uuidString)"
        var configuration = DataHubConfiguration()
        configuration.dataDirectory = directory
        configure(&configuration)
        let storage = FileStorage(directory: directory, bucket: configuration.bucket)
        let built = try! buildApplication(
            configuration: configuration,
            storage: storage,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        service = built.service
        app = built.application
    }

    /// Runs `body` against the router, then removes the data directory.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await service.storage.ensureBucket()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await app.test(.router) { client in try await body(client) }
        await service.storage.shutdown()
    }
}

extension TestResponse {
    /// The body parsed as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
