//! The roster over the panes: the session's participants with their category and where
//! they attend from, to rename, recategorise, switch or merge them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RosterView {
    /// The row selected on the roster (0 is the first participant).
    pub selected: usize,
}

impl RosterView {
    /// Moves the selection within the `rows` of the roster.
    pub fn select(&mut self, step: isize, rows: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(rows.saturating_sub(1));
    }
}
