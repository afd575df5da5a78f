/// The object list's sort modes, cycled by `s`.
enum SortMode: CaseIterable, Sendable {
    case storeOrder, name, newest, size

    /// Shown in the Objects pane header.
    var label: String {
        switch self {
        case .storeOrder: "store order"
        case .name: "name"
        case .newest: "newest"
        case .size: "size"
        }
    }
}
