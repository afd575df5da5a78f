// swift-tools-version:6.1
// The benchmark programs, in a package of their own (as swift-nio keeps `Benchmarks/`): building DataHub never
// builds them. They depend on the product by path; each benchmarks/<name>/run.sh builds what it needs here.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "datahub-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "datahub", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // A bare Hummingbird server (GET /): the framework's ceiling beside DataHub's /health.
        .executableTarget(
            name: "HelloBench",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "api/HelloBench"
        ),
        // S3Storage's own PUT/GET rate and streamed memory, against the store's rate and boto3's.
        .executableTarget(
            name: "StorageBench",
            dependencies: [
                .product(name: "DataHubStorage", package: "datahub"),
                .product(name: "S3Signer", package: "datahub"),
                .product(name: "EventLoopExecutor", package: "datahub"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "storage/Sources",
            swiftSettings: swiftSettings
        ),
    ]
)
