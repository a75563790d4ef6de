//! The session the tests of the save path type into: four delegations, statements given the
//! floor one after the other, notes in the scripts a rapporteur meets.

use chrono::{TimeZone, Utc};
use rapporteur::domain::*;

pub const SID: SessionId = SessionId(1);

/// Notes in the scripts a rapporteur meets: Arabic, Chinese, emoji, combining marks.
pub const NOTES: [&str; 4] = [
    "تؤيد المجموعة العربية مشروع القرار. #تمويل",
    "中国代表团支持秘书处的提案，并强调能力建设。",
    "Российская Федерация — против 🙂👍🏽 #vote",
    "Cafe\u{301} ; नमस्ते क्षमा\nR: renvoyer au groupe de travail",
];

/// A session of the 2nd of July 2024 with four Member States and nothing said yet.
pub fn four_delegations() -> SessionRecord {
    let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
    let mut record = SessionRecord::starter(SID, now, "UTC");
    for (n, name) in ["Egypt", "China", "Russian Federation", "India"]
        .iter()
        .enumerate()
    {
        record.participants.push(Participant {
            id: ParticipantId(n as u32 + 1),
            name: (*name).into(),
            category: Category::MemberState,
            attendance: Attendance::InRoom,
            organisation: None,
        });
    }
    record
}

/// Statement `id`, by one of the four in turn, `id` seconds into the meeting, still going.
pub fn statement(id: u64) -> Intervention {
    let at =
        Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + chrono::TimeDelta::seconds(id as i64);
    Intervention {
        time_limit_secs: Some(180),
        ..Intervention::new(
            InterventionId(id),
            1,
            AgendaItemId(1),
            ParticipantId((id % 4) as u32 + 1),
            InterventionKind::Statement,
            at,
        )
    }
}

/// The full text typed into statement `id`: all four scripts, in an order of its own.
pub fn speech(id: u64) -> String {
    (0..4)
        .map(|k| NOTES[(id as usize + k) % 4])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Statement `id` given the floor with its speech as note: one batch, as the app saves it.
pub fn write_statement(store: &rapporteur::store::Store, id: u64) {
    use rapporteur::store::Change;
    store
        .write_batch(&[
            Change::Intervention(SID, statement(id)),
            Change::Note(SID, InterventionId(id), speech(id)),
        ])
        .unwrap();
}
