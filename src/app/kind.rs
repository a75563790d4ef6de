//! Choosing the kind of an intervention: in the finder for the speaker being inscribed, or
//! for the speaker on the floor, whose kind is still the live record being made.

use super::{App, Overlay};
use crate::app::overlay::kind::{letter, KindChooser};
use crate::domain::{usual_kind, InterventionKind};

impl App {
    /// The kind key: the finder's next kind, or the chooser for the floor.
    pub(super) fn choose_kind(&mut self) {
        if let Some(Overlay::Finder(f)) = self.overlays.last_mut() {
            let usual = match f.matches.get(f.selected) {
                Some((_, super::Speaker::Existing(id))) => {
                    usual_kind(&self.record, self.agenda_item, *id)
                }
                _ => InterventionKind::Statement,
            };
            f.next_kind(usual);
            return;
        }
        let Some(floor) = self.record.floor() else {
            self.warn(
                "No one has the floor: choose the kind when inscribing, or correct it from the log",
            );
            return;
        };
        let chooser = KindChooser::new(floor.id, floor.kind);
        let letters: Vec<String> = InterventionKind::ALL
            .into_iter()
            .map(|k| format!("{} {}", letter(k), k.label()))
            .collect();
        self.open(Overlay::Kind(chooser));
        self.say(format!("Kind: {}", letters.join(" · ")));
    }

    /// Gives the floor's intervention the kind chosen.
    pub(super) fn apply_kind(&mut self) {
        let Some(Overlay::Kind(chooser)) = self.overlays.pop() else {
            return;
        };
        let kind = chooser.kind();
        let id = chooser.intervention;
        let Some(iv) = self.intervention_mut(id) else {
            return;
        };
        if let Err(e) = iv.kind_can_become(kind) {
            let e = e.to_string();
            self.warn(format!("Not a {}: {e}", kind.label()));
            return;
        }
        iv.kind = kind;
        self.save_intervention(id);
        let name = self.speaker_of(id);
        self.say(format!("{name}: {}", kind.label()));
    }

    /// A letter typed in the chooser chose a kind: applied at once.
    pub(super) fn kind_chosen_by_letter(&mut self) {
        if matches!(self.top(), Some(Overlay::Kind(k)) if k.chosen) {
            self.apply_kind();
        }
    }
}
