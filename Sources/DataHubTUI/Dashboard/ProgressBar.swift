/// One line of progress for long walks (`datahub verify`): a bar once the total is known, the count, the rate and
/// the time left. Pure, so the same text is tested and drawn.
struct ProgressBar: Sendable {
    /// Items done.
    var done: Int
    /// Items in all, once known.
    var total: Int?
    /// Seconds since the start.
    var elapsed: Double
    /// What an item is called in the line ("objects").
    var noun: String = "objects"

    /// Items per second so far (0 until a little time has passed, so the first rate is not noise).
    var rate: Double { elapsed >= 0.2 ? Double(done) / elapsed : 0 }

    /// Seconds left at the rate so far, when the total is known and the rate is not zero.
    var secondsLeft: Int? {
        guard let total, rate > 0 else { return nil }
        return Int((Double(max(0, total - done)) / rate).rounded(.up))
    }

    /// The line, at most `width` columns: `[█████░░░░░] 5,000/10,000 objects  812/s  ETA 6 s`.
    func line(width: Int) -> String {
        var counts = Format.grouped(done)
        if let total { counts += "/" + Format.grouped(total) }
        counts += " " + noun
        var tail = "  " + Format.grouped(Int(rate.rounded())) + "/s"
        if let secondsLeft { tail += "  ETA " + Self.duration(secondsLeft) }
        let text = counts + tail
        let barWidth = min(30, width - text.count - 3)
        guard let total, total > 0, barWidth >= 5 else { return String(text.prefix(max(0, width))) }
        let filled = min(barWidth, Int(Double(barWidth) * Double(done) / Double(total)))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "] " + text
    }

    /// "45 s", "3 min 5 s", "2 h 4 min".
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3600) h \((seconds / 60) % 60) min"
    }
}
