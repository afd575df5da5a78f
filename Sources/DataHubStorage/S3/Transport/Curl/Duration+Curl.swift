import NIOCore
import NIOHTTP1

extension Duration {
    /// Whole milliseconds, at least 1 for positive durations (libcurl treats 0 as "no limit").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        return self > .zero ? max(1, millis) : 0
    }
}
