import Hummingbird

/// The query of `GET /export`: which folder, which format, whether items are wrapped, and where to resume.
struct ExportOptions: Sendable {
    /// The two shapes of an export.
    enum Format: String, Sendable {
        /// One compacted document per line (`application/x-ndjson`).
        case ndjson
        /// One JSON array of the documents.
        case json
    }

    /// The checked folder (`""` for the whole bucket).
    var prefix = ""
    /// The shape of the body.
    var format = Format.ndjson
    /// Whether each item is `{"filename", "data"}` rather than the bare document.
    var wrap = false
    /// Only keys sorting after this one in UTF-8 byte order; `nil` for all.
    var after: String?

    /// The `Content-Type` of the body.
    var contentType: String {
        switch format {
        case .ndjson: "application/x-ndjson"
        case .json: "application/json; charset=utf-8"
        }
    }

    /// The default export of one folder: NDJSON, bare documents, from the start.
    init(prefix: String) {
        self.prefix = prefix
    }

    /// Reads and checks the query.
    /// - Throws: `APIError` 400 `invalid_parameter` for a bad `format` or `wrap`; `ObjectNameError` for a bad
    ///   `prefix` or `after` (400 `invalid_name`).
    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        prefix = try DataRoutes.prefix(request)
        if let value = query["format"] {
            guard let format = Format(rawValue: String(value).lowercased()) else {
                throw APIError(.badRequest, code: "invalid_parameter", "format must be ndjson or json (got '\(value)')")
            }
            self.format = format
        }
        if let value = query["wrap"] {
            switch value.lowercased() {
            case "true", "1": wrap = true
            case "false", "0": wrap = false
            default: throw APIError(.badRequest, code: "invalid_parameter", "wrap must be true or false (got '\(value)')")
            }
        }
        if let value = query["after"] {
            let name = String(value)
            try ObjectName.validateKey(name)
            after = name
        }
    }

    /// Whether `key` is exported under `after`: it sorts after `after` in UTF-8 byte order.
    func includes(_ key: String) -> Bool {
        guard let after else { return true }
        return after.utf8.lexicographicallyPrecedes(key.utf8)
    }
}
