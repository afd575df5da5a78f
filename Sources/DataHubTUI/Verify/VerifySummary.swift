import DataHubService
import Foundation

/// `datahub verify`'s report for a person: the counts, every damaged object by name, and what to do next.
struct VerifySummary {
    let report: VerifyReport

    /// The text printed on stdout.
    var text: String {
        let folder = report.prefix.isEmpty ? "the whole bucket" : report.prefix
        var lines = [
            "verify \(folder): \(Format.grouped(report.checked)) objects, \(Format.bytes(report.bytes)) in "
                + String(format: "%.1f s", report.seconds),
            "  verified    \(Format.grouped(report.verified))",
            "  no digest   \(Format.grouped(report.noDigest))",
            "  mismatched  \(Format.grouped(report.mismatched.count))",
        ]
        for mismatch in report.mismatched {
            lines.append("    \(mismatch.key)  stored sha-256 \(mismatch.stored)  read \(mismatch.actual)")
        }
        lines.append("  unreadable  \(Format.grouped(report.unreadableCount))")
        for unreadable in report.unreadable { lines.append("    \(unreadable.key)  \(unreadable.reason)") }
        if report.unreadableCount > report.unreadable.count {
            lines.append("    … and \(Format.grouped(report.unreadableCount - report.unreadable.count)) more")
        }
        if let failure = report.storageFailure { lines.append("INCOMPLETE: storage stopped answering: \(failure)") }
        if !report.mismatched.isEmpty {
            lines.append("DAMAGED: restore the objects named above from a backup (see the README's runbook).")
        } else if report.exitCode == 0 {
            lines.append("OK: every object with a digest is intact.")
        }
        return lines.joined(separator: "\n")
    }
}
