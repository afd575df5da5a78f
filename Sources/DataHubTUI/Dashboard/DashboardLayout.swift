/// Where each pane goes on a screen of a given size (rows and columns are 0-based screen positions).
struct DashboardLayout: Equatable, Sendable {
    /// The smallest screen the layout fits in.
    static let minRows = 20
    /// The smallest screen the layout fits in.
    static let minCols = 80

    /// Screen rows.
    let rows: Int
    /// Screen columns.
    let cols: Int
    /// The column of the vertical divider.
    let splitCol: Int
    /// Rows of the top panes (Objects, Preview), header row included.
    let topHeight: Int
    /// The row of the horizontal divider.
    let separatorRow: Int
    /// Rows of the bottom panes (health, activity).
    let bottomHeight: Int

    /// Computes the layout; `nil` when the screen is below the minimum.
    init?(rows: Int, cols: Int) {
        guard rows >= Self.minRows, cols >= Self.minCols else { return nil }
        self.rows = rows
        self.cols = cols
        splitCol = 1 + max(38, (cols - 3) / 2)
        bottomHeight = max(6, (rows - 4) / 4)
        topHeight = rows - 4 - bottomHeight
        separatorRow = 1 + topHeight
    }

    /// First row inside the frame.
    var topRow: Int { 1 }
    /// First row of the bottom panes.
    var bottomRow: Int { separatorRow + 1 }
    /// The message / prompt row.
    var messageRow: Int { rows - 2 }
    /// The status bar (bottom border).
    var statusRow: Int { rows - 1 }
    /// Columns inside the left panes.
    var leftWidth: Int { splitCol - 1 }
    /// First column of the right panes.
    var rightCol: Int { splitCol + 1 }
    /// Columns inside the right panes.
    var rightWidth: Int { cols - 1 - rightCol }
    /// Object rows visible under the Objects header.
    var objectRows: Int { topHeight - 1 }

    /// The notice shown instead of the layout on a small screen.
    static func tooSmallNotice(rows: Int, cols: Int) -> String {
        "terminal too small: need at least \(minCols)x\(minRows), have \(cols)x\(rows)"
    }
}
