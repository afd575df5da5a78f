import Foundation
public import S3Signer

/// How `S3Storage` sends its requests.
public enum S3Transport: String, Sendable, CaseIterable {
    /// SwiftNIO on DataHub's own event loops: no thread hop per request (the default).
    case nio
    /// libcurl's multi interface on a thread of its own.
    case curl
}
