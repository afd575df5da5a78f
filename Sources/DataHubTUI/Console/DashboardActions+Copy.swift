import DataHubService
import DataHubStorage
import NIOCore

/// `Y`: an object's JSON, read whole (digest-checked) up to the clipboard's limit.
extension DashboardActions {
    /// Reads `row` and posts its bytes for the clipboard, or why not.
    func copyJSON(_ row: ObjectRow) async {
        let limit = OSC52.limit
        do {
            let download = try await service.get(key: row.key)
            guard download.info.size <= Int64(limit) else {
                mailbox.post(.copyFailed(key: row.key, message: DashboardModel.tooLargeToCopy(row.key, size: download.info.size)))
                return
            }
            var bytes: [UInt8] = []
            for try await chunk in download.body {
                bytes.append(contentsOf: chunk.readableBytesView)
                guard bytes.count <= limit else {
                    mailbox.post(.copyFailed(key: row.key, message: DashboardModel.tooLargeToCopy(row.key, size: Int64(bytes.count))))
                    return
                }
            }
            var validator = JSONValidator()
            do {
                try validator.feed(ByteBuffer(bytes: bytes))
                try validator.finish()
            } catch {
                mailbox.post(.copyFailed(key: row.key, message: "not copied: \(row.key) is not JSON (\(error.message))"))
                return
            }
            mailbox.post(.copyReady(key: row.key, bytes: bytes))
        } catch {
            mailbox.post(.copyFailed(key: row.key, message: "not copied: \(Self.describe(error))"))
        }
    }
}
