public import Foundation

/// One line of the activity feed, typed: readers (the console) branch on these fields, never on `text`.
public struct ActivityEvent: Sendable, Equatable {
    /// What kind of event.
    public enum Kind: Sendable, Equatable {
        /// An answered API request; `method`, `route`, `path` and `status` are set.
        case request
        /// Storage answered again after an outage (or for the first time).
        case storageUp
        /// Storage stopped answering.
        case storageDown
        /// Objects were created or deleted outside an API request (the console's own uploads and deletes).
        case dataChanged
        /// Anything else worth a line (start-up notes).
        case info
        /// A read whose bytes did not match the SHA-256 stored with the object; always an error.
        case integrityFailure
    }

    /// When it happened.
    public var time: Date
    /// What kind of event.
    public var kind: Kind
    /// The text shown ("POST /data 201 6 ms", "storage DOWN (connection refused)").
    public var text: String
    /// Whether the feed shows it as a failure: a 5xx answer, storage going down, a digest mismatch.
    public var isError: Bool
    /// The request's method, for requests.
    public var method: String?
    /// The route that answered (`/data/{key}`, `unmatched`), for requests.
    public var route: String?
    /// The HTTP status, for requests.
    public var status: Int?

    /// Creates an event; requests use `request(…)`.
    public init(time: Date, kind: Kind, text: String, isError: Bool = false) {
        self.time = time
        self.kind = kind
        self.text = text
        self.isError = isError
    }

    /// An answered request: an error when the status is 5xx.
    public static func request(time: Date, method: String, route: String, status: Int, text: String) -> ActivityEvent {
        var event = ActivityEvent(time: time, kind: .request, text: text, isError: status >= 500)
        event.method = method
        event.route = route
        event.status = status
        return event
    }

    /// Whether the bucket's objects changed: a console upload or delete, or a successful API upload or delete.
    public var changesData: Bool {
        switch kind {
        case .dataChanged: return true
        case .request:
            guard let status, (200..<300).contains(status), let route, route == "/data" || route.hasPrefix("/data/") else { return false }
            return method == "POST" || method == "DELETE"
        default: return false
        }
    }
}
