//! The history of one note: the live record, then each correction.

use crate::domain::InterventionId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryView {
    pub intervention: InterventionId,
    /// How many versions there are to choose from.
    pub versions: usize,
    pub selected: usize,
}

impl HistoryView {
    pub fn select(&mut self, step: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(self.versions.saturating_sub(1));
    }
}
