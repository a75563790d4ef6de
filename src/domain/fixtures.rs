//! What the unit tests of the record build again and again: a participant on the roster and a
//! statement already made. Test code only.

use chrono::{DateTime, Utc};

use super::{
    AgendaItemId, Category, Intervention, InterventionId, InterventionKind, Participant,
    ParticipantId,
};

/// A Member State on the roster, in the room.
pub fn member_state(id: u32, name: &str) -> Participant {
    Participant {
        id: ParticipantId(id),
        name: name.into(),
        category: Category::MemberState,
        attendance: Default::default(),
        organisation: None,
    }
}

/// A statement by `speaker` under `item` in the 1st meeting, given the floor and ended at `at`.
pub fn statement_made(
    id: u64,
    item: AgendaItemId,
    speaker: ParticipantId,
    at: DateTime<Utc>,
) -> Intervention {
    let mut iv = Intervention::new(
        InterventionId(id),
        1,
        item,
        speaker,
        InterventionKind::Statement,
        at,
    );
    iv.ended_at = Some(at);
    iv
}
