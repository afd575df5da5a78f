/// The focusable panes, cycled by Tab.
enum Pane: CaseIterable, Sendable { case objects, preview, activity }
