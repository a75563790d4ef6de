//! The log of the meeting, over the list of speakers: the interventions already made, to go
//! back to one and correct its note.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogView {
    /// The position selected in the meeting's log.
    pub selected: usize,
}

impl LogView {
    /// Moves the selection within the `rows` of the log.
    pub fn select(&mut self, step: isize, rows: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(rows.saturating_sub(1));
    }
}
