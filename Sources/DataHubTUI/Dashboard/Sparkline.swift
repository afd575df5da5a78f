/// One line of per-second values drawn as levels (`▁▂▃▄▅▆▇█`): zero is the lowest level, anything above it one
/// of the seven above, scaled to `scaleMax`; a second without a value is drawn as a gap marker.
struct Sparkline: Sendable {
    /// The characters to draw with.
    let glyphs: GlyphSet

    /// What a second without a value looks like (storage down, no requests to share).
    static let gap: Character = " "
    /// What a second without a value looks like when that absence is itself the news (storage down).
    static let outage: Character = "!"

    /// The newest `width` values, right-aligned (older seconds not yet seen are blank).
    /// - Parameters:
    ///   - values: oldest first.
    ///   - scaleMax: the value drawn as the top level; `nil` scales to the largest value shown (at least 1).
    ///   - missing: what a `nil` value is drawn as.
    func text(_ values: ArraySlice<Int?>, width: Int, scaleMax: Int? = nil, missing: Character = gap) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let top = max(1, scaleMax ?? shown.compactMap { $0 }.max() ?? 1)
        let levels = glyphs.sparkLevels
        var line = String(repeating: " ", count: width - shown.count)
        for value in shown {
            guard let value else {
                line.append(missing)
                continue
            }
            if value <= 0 {
                line.append(levels[0])
            } else {
                let step = (min(value, top) * (levels.count - 1) + top - 1) / top
                line.append(levels[max(1, step)])
            }
        }
        return line
    }
}
