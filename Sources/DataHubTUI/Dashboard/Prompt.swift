/// What a prompt (if any) is asking.
enum Prompt: Equatable, Sendable {
    case none
    case filter(LineEditor)
    case upload(LineEditor)
    case confirmDelete(key: String)
    case help
}
