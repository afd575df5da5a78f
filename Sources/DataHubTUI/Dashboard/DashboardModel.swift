import Foundation

/// Everything the dashboard shows and remembers, as a value. Keys and background results change it and
/// return intents; it never does I/O, so tests drive it directly.
struct DashboardModel: Sendable {
    /// Rows fetched so far, in store order.
    private(set) var objects: [ObjectRow] = []
    /// Indices into `objects` after filter and sort.
    private(set) var visible: [Int] = []
    /// True once the last page arrived.
    private(set) var listComplete = false
    /// The folder listed ("" for the bucket's root).
    private(set) var listPrefix = ""
    /// One folder level (the console opens so) or everything under `listPrefix`.
    private(set) var mode = ListingMode.folder
    /// After going up, the folder just left: selected when its row arrives.
    private(set) var revealKey: String?
    /// Why the last listing failed, if it did.
    private(set) var listError: String?
    /// The current listing's number; results of older listings are dropped.
    private(set) var generation = 0
    /// Index into `visible` of the selected row.
    private(set) var selected = 0
    /// The sort mode.
    private(set) var sort = SortMode.storeOrder
    /// The substring filter over loaded rows.
    private(set) var filter = ""
    /// The focused pane.
    private(set) var focus = Pane.objects
    /// The open prompt.
    private(set) var prompt = Prompt.none
    /// The export to a local file running in the background, if any.
    var exportJob: ExportJob?
    /// The message row.
    var message: StatusMessage?
    /// The preview.
    private(set) var preview: PreviewState?
    /// First preview line shown.
    var previewTop = 0
    /// The search in the preview, if any.
    var previewSearch: PreviewSearch?
    /// A clipboard copy the shell has yet to send to the terminal.
    var pendingCopy: ClipboardCopy?
    /// First activity line shown.
    var activityTop = 0
    /// Live status from the service layer.
    private(set) var status: StatusView
    /// Per-second history of `status`, for the sparklines.
    private(set) var history = StatusHistory()
    /// Title bar texts.
    var header: DashboardHeader
    /// Rows per page for PgUp/PgDn (the shell sets it from the layout).
    var pageSize = 10
    /// Set by `q`.
    private(set) var quitting = false
    /// The key table.
    let keys = KeyTable.standard

    /// A model before anything was loaded.
    init(header: DashboardHeader, status: StatusView) {
        self.header = header
        self.status = status
    }

    /// The rows shown, in order.
    var visibleRows: [ObjectRow] { visible.map { objects[$0] } }

    /// The selected row, if any.
    var selectedRow: ObjectRow? {
        guard visible.indices.contains(selected), objects.indices.contains(visible[selected]) else { return nil }
        return objects[visible[selected]]
    }

    /// The list is out of date: storage is down or the last listing failed.
    var isStale: Bool { status.health.state == .down || listError != nil }

    /// "1,204", or "1,000+" while pages are still loading.
    var countText: String {
        if filter.isEmpty { return Format.grouped(objects.count) + (listComplete ? "" : "+") }
        return Format.grouped(visible.count) + " of " + Format.grouped(objects.count) + (listComplete ? "" : "+")
    }

    /// The first listing; call once at start.
    mutating func start() -> [Intent] {
        [startListing(prefix: listPrefix)]
    }

    /// Starts a new listing of `prefix` in the current mode, dropping results of older ones.
    mutating func startListing(prefix: String) -> Intent {
        generation += 1
        listPrefix = prefix
        return .refresh(prefix: prefix, mode: mode, generation: generation)
    }

    /// Shows another folder or mode: the old rows, filter and selection go at once (they belong elsewhere);
    /// `reveal` is selected when its row arrives.
    mutating func switchListing(prefix: String, mode: ListingMode, reveal: String? = nil) -> Intent {
        self.mode = mode
        objects = []
        visible = []
        selected = 0
        filter = ""
        listComplete = false
        listError = nil
        revealKey = reveal
        return startListing(prefix: prefix)
    }

    /// Lists up to this many rows are reloaded by themselves after API uploads and deletes.
    static let autoRefreshLimit = 10_000

    /// Takes a new status; returns a refresh when storage came back after an outage, or answered for the first
    /// time after a listing failed (the first listing can run before the monitor has created the bucket), or when
    /// the API changed the bucket while a small, complete list is shown.
    mutating func updateStatus(_ new: StatusView) -> [Intent] {
        let wasDown = status.health.state == .down
        let wasUnknown = status.health.state == .unknown
        let fresh = new.activity.prefix { $0 != status.activity.first }
        status = new
        activityTop = min(activityTop, max(0, new.activity.count - 1))
        if new.health.state == .up && (wasDown || (wasUnknown && listError != nil)) {
            let text = wasDown ? "storage is back: reloading the list" : "storage answered: reloading the list"
            message = StatusMessage(text: text, isError: false)
            return [startListing(prefix: listPrefix)]
        }
        if fresh.contains(where: \.changesData), listComplete, objects.count <= Self.autoRefreshLimit {
            return [startListing(prefix: listPrefix)]
        }
        return []
    }

    /// Samples the status for the sparklines; the screen loop calls it on every pass, and only a new second counts.
    mutating func sampleHistory(now: Date) {
        history.sample(second: Int(now.timeIntervalSince(status.startedAt).rounded(.down)), status: status)
    }

    /// Recomputes `visible` from filter and sort, keeping `keep` (by default the selected object) selected.
    mutating func rebuildVisible(keep: String?? = nil) {
        let keep = keep ?? selectedRow?.key
        var indices = Array(objects.indices)
        if !filter.isEmpty {
            // The name as shown: the part after the folder.
            let needle = filter.lowercased()
            indices = indices.filter { FolderPath.name(of: objects[$0].key, in: listPrefix).lowercased().contains(needle) }
        }
        switch sort {
        case .storeOrder: break
        case .name: indices.sort { objects[$0].key < objects[$1].key }
        case .newest: indices.sort { (objects[$0].modified, objects[$0].key) > (objects[$1].modified, objects[$1].key) }
        case .size: indices.sort { (objects[$0].size, objects[$0].key) > (objects[$1].size, objects[$1].key) }
        }
        // Folders first, by name, whatever the sort (they have no size or date); the objects keep their order.
        let folders = indices.filter { objects[$0].isFolder }
        if !folders.isEmpty {
            indices = folders.sorted { objects[$0].key < objects[$1].key } + indices.filter { !objects[$0].isFolder }
        }
        visible = indices
        if let keep, let index = visible.firstIndex(where: { objects[$0].key == keep }) {
            selected = index
        } else {
            selected = min(selected, max(0, visible.count - 1))
        }
    }

    /// Moves the selection by `delta` rows, clamped.
    mutating func moveSelection(by delta: Int) {
        revealKey = nil
        guard !visible.isEmpty else { return }
        selected = min(max(0, selected + delta), visible.count - 1)
    }

    /// Selects the newest visible object (the last one in store order for DataHub's time-ordered names).
    mutating func selectNewest() {
        guard !visible.isEmpty else { return }
        var best = visible.count - 1
        for (i, index) in visible.enumerated() where objects[index].modified > objects[visible[best]].modified {
            best = i
        }
        selected = best
    }

    /// Sets the prompt (used by key handling).
    mutating func setPrompt(_ prompt: Prompt) { self.prompt = prompt }

    /// Sets the filter text and recomputes the visible rows.
    mutating func setFilter(_ text: String) {
        filter = text
        rebuildVisible()
    }

    /// Cycles the sort mode.
    mutating func cycleSort() {
        let all = SortMode.allCases
        sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
        rebuildVisible()
    }

    /// Cycles the focused pane.
    mutating func cycleFocus() {
        let all = Pane.allCases
        focus = all[(all.firstIndex(of: focus)! + 1) % all.count]
    }

    /// Marks the process as quitting.
    mutating func requestQuit() { quitting = true }

    /// Opens the preview of a row (loading).
    mutating func openPreview(_ row: ObjectRow) {
        preview = PreviewState(key: row.key, size: row.size)
        previewTop = 0
        previewSearch = nil
    }

    /// Takes a page of the current listing.
    mutating func appendPage(_ rows: [ObjectRow], first: Bool, done: Bool) {
        let keep = selectedRow?.key
        if first {
            objects = rows
            listError = nil
        } else {
            objects.append(contentsOf: rows)
        }
        listComplete = done
        if !first, filter.isEmpty, sort == .storeOrder, !rows.contains(where: \.isFolder) {
            visible.append(contentsOf: (objects.count - rows.count)..<objects.count)
        } else {
            rebuildVisible(keep: keep)
        }
        if let reveal = revealKey, let index = visible.firstIndex(where: { objects[$0].key == reveal }) {
            selected = index
            revealKey = nil
        }
        if done { revealKey = nil }
    }

    /// Records a failed listing; the rows stay on screen, marked stale.
    mutating func failListing(_ text: String) {
        listError = text
        listComplete = true
    }

    /// Replaces the preview state.
    mutating func setPreview(_ state: PreviewState) { preview = state }

    /// Adds a freshly uploaded object when it belongs to the list shown.
    mutating func insertUploaded(_ row: ObjectRow) {
        let shown = mode == .flat ? row.key.utf8.starts(with: listPrefix.utf8) : FolderPath.isDirectlyInside(row.key, listPrefix)
        guard shown, !objects.contains(where: { $0.key == row.key }) else { return }
        let keep = selectedRow?.key
        objects.append(row)
        rebuildVisible(keep: keep)
    }

    /// Drops a deleted object (and its preview).
    mutating func removeRow(_ key: String) {
        let keep: String?? = selectedRow?.key == key ? .some(nil) : selectedRow?.key
        objects.removeAll { $0.key == key }
        if preview?.key == key {
            preview = nil
            previewSearch = nil
        }
        rebuildVisible(keep: keep)
    }
}
