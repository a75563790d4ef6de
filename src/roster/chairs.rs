//! The session's chairs (`rapporteur new --chair`) on its roster, as Chair: found by the
//! finder and counted as the Chair when they take the floor.

use std::collections::HashSet;

use super::search_key;
use crate::domain::{Category, Participant, SessionRecord};

/// The session's chairs not yet on its roster, each once, tidy ("Ana  Ruiz" → "Ana Ruiz").
pub fn chairs_to_add(record: &SessionRecord) -> Vec<String> {
    let on_roster: HashSet<String> = record
        .participants
        .iter()
        .map(|p| search_key(&p.name))
        .collect();
    let mut seen = HashSet::new();
    record
        .session
        .chairs
        .iter()
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|c| {
            let key = search_key(c);
            !key.is_empty() && !on_roster.contains(&key) && seen.insert(key)
        })
        .collect()
}

/// Puts the chairs not yet on the session's roster on it, as Chair; returns those added.
pub fn put_chairs_on_roster(record: &mut SessionRecord) -> Vec<Participant> {
    let mut added = Vec::new();
    for name in chairs_to_add(record) {
        let chair = Participant {
            id: record.next_participant_id(),
            name,
            category: Category::Chair,
            attendance: Default::default(),
            organisation: None,
        };
        record.participants.push(chair.clone());
        added.push(chair);
    }
    added
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::SessionId;

    #[test]
    fn each_chair_goes_on_the_roster_once_as_chair() {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), now, "UTC");
        record.session.chairs = vec![
            "Ana  Ruiz".into(),
            "ana ruiz".into(),
            " ".into(),
            "Lee Min-jun".into(),
        ];
        let added = put_chairs_on_roster(&mut record);
        let names: Vec<(&str, Category)> = added
            .iter()
            .map(|p| (p.name.as_str(), p.category))
            .collect();
        assert_eq!(
            names,
            [
                ("Ana Ruiz", Category::Chair),
                ("Lee Min-jun", Category::Chair)
            ]
        );
        assert!(
            put_chairs_on_roster(&mut record).is_empty(),
            "already there"
        );
        assert_eq!(record.participants.len(), 2);
    }
}
