import Foundation

/// The OpenAPI 3 document of the HTTP contract, served at `/openapi.json`: the resource file
/// `Resources/openapi.json` of this target. Tests keep it true: schemathesis checks live responses against it and
/// a unit test checks that every route is documented.
///
/// SwiftPM puts resources in a `datahub_DataHubService.resources` folder beside the executable, so a copied
/// binary needs that folder beside it too (the Dockerfile, `deploy.sh --local --binary` and the README say so).
enum OpenAPIDocument {
    /// The folder SwiftPM writes this target's resources to.
    static let bundleName = "datahub_DataHubService.resources"

    private static let loaded: Result<String, ConfigurationError> = Result { () throws(ConfigurationError) in try load() }

    /// The document's text, read once.
    /// - Throws: `ConfigurationError` when the resource bundle is not beside the executable.
    static func text() throws -> String {
        try loaded.get()
    }

    private static func load() throws(ConfigurationError) -> String {
        // `Bundle.module` looks beside the executable first, then in the build folder it was built in, and stops
        // the process when both are missing: check the first place ourselves, so that a binary copied without its
        // bundle fails with a sentence, on the build machine as anywhere else.
        let beside = Bundle.main.bundleURL.appendingPathComponent(bundleName)
        guard FileManager.default.fileExists(atPath: beside.path) else {
            throw ConfigurationError(
                "the resource folder \(bundleName) is missing beside the binary (\(Bundle.main.bundleURL.path)); "
                    + "copy it along with the datahub binary"
            )
        }
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = FileManager.default.contents(atPath: url.path)
        else {
            throw ConfigurationError("\(bundleName) holds no readable openapi.json; reinstall the binary with its resources")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
