use serde::{Deserialize, Serialize};

/// Position of an agenda item in its session's agenda (1-based), stable once created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgendaItemId(pub u32);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    /// As printed on the agenda: "2", "4 (a)".
    pub number: String,
    pub title: String,
}

impl AgendaItem {
    /// "Item 2: Trafficking in persons for the purpose of organ removal".
    pub fn heading(&self) -> String {
        format!("Item {}: {}", self.number, self.title)
    }
}
