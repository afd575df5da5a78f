import DataHubStorage
import Logging

extension DataService {
    /// Wraps a whole download of an object with a stored digest so that its bytes are checked as they pass;
    /// anything else (a range, an object stored without a digest) is returned as it is.
    func checked(_ download: ObjectDownload) -> ObjectDownload {
        #if DATAHUB_NO_DIGEST  // benchmarks/integrity builds without it to measure what checking costs
        return download
        #else
        guard download.range == nil, let expected = download.info.sha256 else { return download }
        var checked = download
        let key = download.info.key
        checked.body = ObjectBody(
            DigestCheckedBody(base: download.body, key: key, expected: expected) { actual in
                self.recordIntegrityFailure(key: key, expected: expected, actual: actual)
            }
        )
        return checked
        #endif
    }

    /// Logs, counts and shows (in the console's feed, in red) one object whose bytes do not match its digest.
    func recordIntegrityFailure(key: String, expected: String, actual: String) {
        metrics.recordIntegrityFailure()
        logger.error(
            "integrity: stored bytes do not match the SHA-256 stored with the object; restore it from a backup",
            metadata: ["key": "\(key)", "sha256_stored": "\(expected)", "sha256_read": "\(actual)"]
        )
        status.record(.integrityFailure, "INTEGRITY \(key): bytes do not match its sha-256")
    }
}
