/// The look of one cell: a colour role and a bold flag.
struct CellStyle: Equatable, Sendable {
    /// The colour role.
    var role: ColorRole
    /// Bold text.
    var bold: Bool

    /// Creates a style.
    init(_ role: ColorRole = .normal, bold: Bool = false) {
        self.role = role
        self.bold = bold
    }

    /// Plain text.
    static let normal = CellStyle()
}
