//! The interactive dialogue: panellists present, questions from the floor are taken as a
//! round, then the panellists answer. The kind an inscription takes unless the chair chooses
//! another follows that shape, so that a dialogue is logged by names alone.

use super::{AgendaItemId, Category, InterventionKind, ParticipantId, SessionRecord};

/// The kind of a speaker's inscription on `item`, unless chosen otherwise: a panellist's
/// first floor is their panel presentation and the later ones answers; once a panel has
/// presented on the item, the floor's speakers ask questions; otherwise a statement.
pub fn usual_kind(
    record: &SessionRecord,
    item: AgendaItemId,
    speaker: ParticipantId,
) -> InterventionKind {
    let given = record
        .interventions
        .iter()
        .filter(|i| i.agenda_item == item && !i.given_by_mistake)
        .map(|i| (i.speaker, i.kind));
    let waiting = record
        .list(item)
        .into_iter()
        .flat_map(|l| l.in_order())
        .map(|i| (i.speaker, i.kind));
    let on_item: Vec<(ParticipantId, InterventionKind)> = given.chain(waiting).collect();
    let panellist = record
        .participant(speaker)
        .is_some_and(|p| p.category == Category::Panellist);
    if panellist {
        if on_item.iter().any(|(s, _)| *s == speaker) {
            InterventionKind::Answer
        } else {
            InterventionKind::PanelPresentation
        }
    } else if on_item
        .iter()
        .any(|(_, k)| *k == InterventionKind::PanelPresentation)
    {
        InterventionKind::Question
    } else {
        InterventionKind::Statement
    }
}

/// The kinds a chair chooses among for a place on the list of speakers, in the order a key
/// steps through them.
pub const INSCRIBED_KINDS: [InterventionKind; 4] = [
    InterventionKind::Statement,
    InterventionKind::PanelPresentation,
    InterventionKind::Question,
    InterventionKind::Answer,
];

/// The kind after `kind` among `INSCRIBED_KINDS`, round again after the last.
pub fn next_inscribed_kind(kind: InterventionKind) -> InterventionKind {
    let at = INSCRIBED_KINDS.iter().position(|k| *k == kind);
    INSCRIBED_KINDS[at.map_or(0, |i| (i + 1) % INSCRIBED_KINDS.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Inscription, Intervention, Participant, SessionId};
    use chrono::{TimeZone, Utc};

    fn record() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut r = SessionRecord::starter(SessionId(1), now, "UTC");
        for (id, name, category) in [
            (1, "Dr. Nadia Farouk", Category::Panellist),
            (2, "Brazil", Category::MemberState),
            (3, "Prof. Lee", Category::Panellist),
        ] {
            r.participants.push(Participant {
                id: ParticipantId(id),
                name: name.into(),
                category,
                attendance: Default::default(),
                organisation: None,
            });
        }
        r
    }

    fn given(r: &mut SessionRecord, speaker: u32, kind: InterventionKind) {
        let id = r.next_intervention_id();
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut iv = Intervention::new(id, 1, AgendaItemId(1), ParticipantId(speaker), kind, now);
        iv.end(now);
        r.interventions.push(iv);
    }

    #[test]
    fn a_panellists_first_floor_is_their_presentation_and_the_later_ones_answers() {
        let mut r = record();
        let item = AgendaItemId(1);
        assert_eq!(
            usual_kind(&r, item, ParticipantId(1)),
            InterventionKind::PanelPresentation
        );
        given(&mut r, 1, InterventionKind::PanelPresentation);
        assert_eq!(
            usual_kind(&r, item, ParticipantId(1)),
            InterventionKind::Answer
        );
        // Another panellist not yet heard presents; one already inscribed will answer.
        assert_eq!(
            usual_kind(&r, item, ParticipantId(3)),
            InterventionKind::PanelPresentation
        );
        r.list_mut(item)
            .inscribe(Inscription {
                kind: InterventionKind::PanelPresentation,
                ..Inscription::statement(ParticipantId(3))
            })
            .unwrap();
        assert_eq!(
            usual_kind(&r, item, ParticipantId(3)),
            InterventionKind::Answer
        );
        // On another item, a panellist presents again.
        assert_eq!(
            usual_kind(&r, AgendaItemId(2), ParticipantId(1)),
            InterventionKind::PanelPresentation
        );
    }

    #[test]
    fn the_floor_asks_questions_once_a_panel_has_presented() {
        let mut r = record();
        let item = AgendaItemId(1);
        assert_eq!(
            usual_kind(&r, item, ParticipantId(2)),
            InterventionKind::Statement
        );
        given(&mut r, 1, InterventionKind::PanelPresentation);
        assert_eq!(
            usual_kind(&r, item, ParticipantId(2)),
            InterventionKind::Question
        );
        // A presentation given by mistake does not make a dialogue.
        r.interventions[0].given_by_mistake = true;
        assert_eq!(
            usual_kind(&r, item, ParticipantId(2)),
            InterventionKind::Statement
        );
    }

    #[test]
    fn the_kind_key_steps_through_the_kinds_and_round_again() {
        let mut kind = InterventionKind::Statement;
        let mut seen = vec![kind];
        for _ in 0..4 {
            kind = next_inscribed_kind(kind);
            seen.push(kind);
        }
        assert_eq!(
            seen,
            [
                InterventionKind::Statement,
                InterventionKind::PanelPresentation,
                InterventionKind::Question,
                InterventionKind::Answer,
                InterventionKind::Statement
            ]
        );
        assert_eq!(
            next_inscribed_kind(InterventionKind::RightOfReply),
            InterventionKind::Statement
        );
    }
}
