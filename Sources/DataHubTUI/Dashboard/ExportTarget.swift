/// What `e` exports: the folder on screen (the whole tree below it), or the rows a filter left.
enum ExportTarget: Equatable, Sendable {
    /// Every object under this folder ("" for the bucket).
    case folder(String)
    /// These objects, in the order shown.
    case rows([ObjectRow])

    /// "reports/2026/", "the bucket", "17 filtered objects", for prompts and messages.
    var label: String {
        switch self {
        case .folder(let prefix): prefix.isEmpty ? "the bucket" : prefix
        case .rows(let rows): rows.count == 1 ? "1 filtered object" : "\(Format.grouped(rows.count)) filtered objects"
        }
    }

    /// The file name the prompt suggests: the folder's last part (or the bucket's name), `.ndjson`.
    func suggestedFileName(bucket: String) -> String {
        let base: String
        switch self {
        case .folder(let prefix): base = prefix.split(separator: "/").last.map(String.init) ?? bucket
        case .rows: base = bucket + "-filtered"
        }
        return "./" + base + ".ndjson"
    }
}
