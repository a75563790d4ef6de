//! The agenda over the panes: its items in order, with what was said under each, to add,
//! rename, move, remove or merge them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AgendaView {
    /// The place selected on the agenda (0 is the first item).
    pub selected: usize,
}

impl AgendaView {
    /// Moves the selection within the `rows` of the agenda.
    pub fn select(&mut self, step: isize, rows: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(rows.saturating_sub(1));
    }
}
