/// How the object list shows the current folder, toggled by `t`.
enum ListingMode: Sendable {
    /// One level: the sub-folders first, then the objects directly inside.
    case folder
    /// Every object under the folder, at any depth (the store's plain listing).
    case flat
}
