import Foundation

extension VerifyReport {
    /// The report as one JSON object, for cron jobs and monitoring (`datahub verify --json`).
    public var json: String {
        let mismatches = mismatched.map {
            JSONText.object(["key": JSONText.quote($0.key), "stored_sha256": JSONText.quote($0.stored), "read_sha256": JSONText.quote($0.actual)])
        }
        let unreadables = unreadable.map { JSONText.object(["key": JSONText.quote($0.key), "reason": JSONText.quote($0.reason)]) }
        return JSONText.object([
            ("prefix", JSONText.quote(prefix)),
            ("complete", storageFailure == nil ? "true" : "false"),
            ("checked", String(checked)),
            ("verified", String(verified)),
            ("no_digest", String(noDigest)),
            ("mismatched_count", String(mismatched.count)),
            ("mismatched", "[" + mismatches.joined(separator: ",") + "]"),
            ("unreadable_count", String(unreadableCount)),
            ("unreadable", "[" + unreadables.joined(separator: ",") + "]"),
            ("bytes", String(bytes)),
            ("seconds", String(format: "%.3f", seconds)),
            ("storage_failure", storageFailure.map(JSONText.quote) ?? "null"),
            ("exit_code", String(exitCode)),
        ])
    }
}
