import Foundation

extension CreatedObject {
    /// `{"filename","size","etag","sha256"}`, as a batch's 201 and its partial-failure 503 list each document.
    public var fileJSON: String {
        JSONText.object([
            "filename": JSONText.quote(key), "size": String(size), "etag": JSONText.quote(etag),
            "sha256": sha256.map(JSONText.quote) ?? "null",
        ])
    }

    /// A JSON array of ``fileJSON`` items, in order.
    public static func filesJSON(_ objects: [CreatedObject]) -> String {
        var out = "["
        out.reserveCapacity(objects.count * 160 + 2)
        for (index, object) in objects.enumerated() {
            if index > 0 { out += "," }
            out += object.fileJSON
        }
        return out + "]"
    }
}
