//! Searching the notes of the session, to jump to the intervention found.

use crate::domain::{InterventionId, SessionRecord};

use super::input::{self, Edit};

/// Searching the notes: what is typed and the notes that hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchView {
    pub query: String,
    /// Interventions whose note holds the query, in the order the floor was given.
    pub results: Vec<InterventionId>,
    pub selected: usize,
}

/// How many results a search lists.
const MAX_RESULTS: usize = 200;

impl SearchView {
    pub fn edit(&mut self, e: Edit, record: &SessionRecord) {
        if input::edit(&mut self.query, e) {
            self.refresh(record);
        }
    }

    /// Finds the query in every note, ignoring case.
    pub fn refresh(&mut self, record: &SessionRecord) {
        let query = self.query.trim().to_lowercase();
        self.results = if query.is_empty() {
            Vec::new()
        } else {
            record
                .interventions
                .iter()
                .filter(|iv| iv.note.to_lowercase().contains(&query))
                .map(|iv| iv.id)
                .take(MAX_RESULTS)
                .collect()
        };
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }

    pub fn select(&mut self, step: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(self.results.len().saturating_sub(1));
    }
}
