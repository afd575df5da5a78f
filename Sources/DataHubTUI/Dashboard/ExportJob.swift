/// The export to a local file running in the background, as the status line shows it.
struct ExportJob: Equatable, Sendable {
    /// The file being written (as typed).
    var path: String
    /// What is exported.
    var label: String
    /// Objects dealt with so far.
    var done = 0
    /// Objects in all, once counted.
    var total: Int?
    /// Seconds since the export started.
    var elapsed = 0.0
    /// Whether a cancel was asked for and has not been confirmed by the runner yet.
    var cancelling = false

    /// The status line: `export → ./2026.ndjson [█████░░░░░] 500/2,000 documents  812/s  ETA 2 s  Esc cancels`.
    func line(width: Int) -> String {
        let head = "export → \(path) "
        let tail = cancelling ? "  cancelling…" : "  Esc cancels"
        let bar = ProgressBar(done: done, total: total, elapsed: elapsed, noun: "documents")
        return head + bar.line(width: max(0, width - head.count - tail.count)) + tail
    }
}
