import DataHubStorage
import Foundation

/// One row of the object list.
struct ObjectRow: Equatable, Sendable {
    /// The whole key.
    var key: String
    /// Size in bytes.
    var size: Int64
    /// Last modification time.
    var modified: Date
}

/// The storage health as the dashboard shows it.
struct HealthView: Equatable, Sendable {
    /// Reachability.
    enum State: Equatable, Sendable { case unknown, up, down }
    /// Reachability.
    var state: State = .unknown
    /// When the state began.
    var since: Date
    /// Latency of the last good probe in milliseconds.
    var latencyMs: Int?
    /// The last failure.
    var lastError: String?
}

/// One line of the activity feed.
struct ActivityLine: Equatable, Sendable {
    /// When it happened.
    var time: Date
    /// What happened.
    var text: String
    /// Shown in red (5xx responses, storage DOWN).
    var isError: Bool
    /// An API request that changed the bucket (a successful upload or delete).
    var changesData = false
}

/// What the service layer publishes, converted for the screen.
struct StatusView: Equatable, Sendable {
    /// Storage health.
    var health: HealthView
    /// Requests answered.
    var requests = 0
    /// 2xx answers.
    var status2xx = 0
    /// 4xx answers.
    var status4xx = 0
    /// 5xx answers.
    var status5xx = 0
    /// 503 answers.
    var status503 = 0
    /// Newest first.
    var activity: [ActivityLine] = []
    /// When the process started.
    var startedAt: Date
    /// Changes whenever anything changed.
    var version: UInt64 = 0
}

/// Fixed texts of the title bar.
struct DashboardHeader: Equatable, Sendable {
    /// The bucket.
    var bucket: String
    /// Where the data lives.
    var endpoint: String
    /// The API's URL, once the server listens.
    var apiAddress: String
}

/// The object list's sort modes, cycled by `s`.
enum SortMode: CaseIterable, Sendable {
    case storeOrder, name, newest, size

    /// Shown in the Objects pane header.
    var label: String {
        switch self {
        case .storeOrder: "store order"
        case .name: "name"
        case .newest: "newest"
        case .size: "size"
        }
    }
}

/// The focusable panes, cycled by Tab.
enum Pane: CaseIterable, Sendable { case objects, preview, activity }

/// What a prompt (if any) is asking.
enum Prompt: Equatable, Sendable {
    case none
    case filter(LineEditor)
    case upload(LineEditor)
    case confirmDelete(key: String)
    case help
}

/// Work the model asks the shell to run in the background.
enum Intent: Equatable, Sendable {
    /// List `prefix` from the store page after page; results carry `generation`.
    case refresh(prefix: String, generation: Int)
    /// Fetch the head of an object for the preview.
    case loadPreview(ObjectRow)
    /// Read, validate and store a local file in `prefix`.
    case upload(path: String, prefix: String)
    /// Delete an object.
    case delete(key: String)
    /// Stop the process.
    case quit
}

/// Results of background work, handed back to the model on the screen thread.
enum DashboardEvent: Equatable, Sendable {
    /// A page of the listing; `first` replaces the rows, `done` ends the listing.
    case listPage(generation: Int, rows: [ObjectRow], first: Bool, done: Bool)
    /// The listing failed.
    case listFailed(generation: Int, message: String)
    /// The preview's bytes arrived, formatted; `fetched` bytes of `size`.
    case preview(key: String, content: PreviewContent, fetched: Int, size: Int64)
    /// The preview could not be loaded.
    case previewFailed(key: String, message: String)
    /// An upload was stored.
    case uploaded(ObjectRow)
    /// An upload was refused or failed.
    case uploadFailed(message: String)
    /// An object was deleted.
    case deleted(key: String)
    /// A delete failed.
    case deleteFailed(key: String, message: String)
    /// The API listens at this address.
    case apiAddress(String)
}

/// The preview pane's state.
struct PreviewState: Equatable, Sendable {
    /// The object shown.
    var key: String
    /// Its whole size.
    var size: Int64
    /// The content, once loaded.
    var content: PreviewContent?
    /// Bytes fetched (less than `size` for large objects).
    var fetched = 0
    /// Why it could not be loaded.
    var error: String?
}

/// A line for the message row.
struct StatusMessage: Equatable, Sendable {
    /// The text.
    var text: String
    /// Shown in red.
    var isError: Bool
}

/// Number formatting without the locale: "1,204".
enum Format {
    /// Groups thousands with commas.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// "812 B", "2.1 KB", "3.4 MB".
    static func bytes(_ size: Int64) -> String {
        if size < 1024 { return "\(size) B" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(size) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    /// "HH:MM:SS" of a date in a time zone.
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// "MM-DD HH:MM" of a date in a time zone.
    static func shortDate(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%02d-%02d %02d:%02d", c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// "00:13:02" (hours grow past 99 if needed).
    static func uptime(_ seconds: Int) -> String {
        let s = max(0, seconds)
        return String(format: "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }
}
