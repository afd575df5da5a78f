// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "datahub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "datahub", targets: ["DataHubTUI"]),
        .library(name: "DataHubService", targets: ["DataHubService"]),
        .library(name: "DataHubStorage", targets: ["DataHubStorage"]),
        .library(name: "S3Signer", targets: ["S3Signer"]),
        .library(name: "Digests", targets: ["Digests"]),
        .library(name: "EventLoopExecutor", targets: ["EventLoopExecutor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already Hummingbird's; named for its HTTPResponsePart (the `100 Continue` interim answer).
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Thin C shims: one header + shim.c each; they only wrap macros and variadics.
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(
            name: "CNCurses",
            cSettings: [.define("_XOPEN_SOURCE_EXTENDED"), .define("NCURSES_WIDECHAR", to: "1")],
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),

        .target(name: "Digests", dependencies: ["CCrypto"], swiftSettings: swiftSettings),
        .target(name: "S3Signer", dependencies: ["Digests"], swiftSettings: swiftSettings),
        .target(
            name: "EventLoopExecutor",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The storage layer: the Storage protocol, FileStorage, and S3Storage over two transports. Never Hummingbird.
        .target(
            name: "DataHubStorage",
            dependencies: [
                "Digests",
                "S3Signer",
                "CCurl",
                "EventLoopExecutor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DataHubService",
            dependencies: [
                "DataHubStorage",
                "Digests",
                "S3Signer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The OpenAPI document; SwiftPM copies it to datahub_DataHubService.resources beside the binary.
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DataHubTUI",
            dependencies: [
                "DataHubService",
                "DataHubStorage",
                "Digests",
                "EventLoopExecutor",
                "CNCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "DigestsTests", dependencies: ["Digests"], swiftSettings: swiftSettings),
        .testTarget(name: "S3SignerTests", dependencies: ["S3Signer", "Digests"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DataHubStorageTests",
            dependencies: [
                "DataHubStorage",
                "Digests",
                "S3Signer",
                "EventLoopExecutor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DataHubServiceTests",
            dependencies: [
                "DataHubService",
                "DataHubStorage",
                "Digests",
                "S3Signer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DataHubTUITests", dependencies: ["DataHubTUI", "DataHubService", "DataHubStorage"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["DataHubService", "DataHubStorage", "Digests", "S3Signer"],
            swiftSettings: swiftSettings
        ),
    ]
)
