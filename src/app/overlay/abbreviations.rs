//! The abbreviations in force over the panes: the user's file and the session's own list,
//! to add, change or remove the session's.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AbbreviationsView {
    /// The row selected (0 is the first abbreviation, by short form).
    pub selected: usize,
    /// How many rows the user's file gives: it does not change while the app runs, and the
    /// session's own are counted from the record.
    pub user_rows: usize,
}

impl AbbreviationsView {
    /// Moves the selection within the user's rows and the session's `session_rows`.
    pub fn select(&mut self, step: isize, session_rows: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min((self.user_rows + session_rows).saturating_sub(1));
    }
}
