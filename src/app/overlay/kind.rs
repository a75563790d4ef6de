//! The choice of the kind of the intervention on the floor: a letter chooses at once (s, p,
//! q, a, r, o), or the arrows and Enter.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::{InterventionId, InterventionKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindChooser {
    pub intervention: InterventionId,
    /// Position in `InterventionKind::ALL`.
    pub selected: usize,
    /// Set when a letter chose a kind: the app applies it at once.
    pub chosen: bool,
}

/// The letter that chooses a kind.
pub fn letter(kind: InterventionKind) -> char {
    match kind {
        InterventionKind::Statement => 's',
        InterventionKind::RightOfReply => 'r',
        InterventionKind::PointOfOrder => 'o',
        InterventionKind::PanelPresentation => 'p',
        InterventionKind::Question => 'q',
        InterventionKind::Answer => 'a',
    }
}

impl KindChooser {
    pub fn new(intervention: InterventionId, current: InterventionKind) -> KindChooser {
        KindChooser {
            intervention,
            selected: InterventionKind::ALL
                .iter()
                .position(|k| *k == current)
                .unwrap_or(0),
            chosen: false,
        }
    }

    pub fn kind(&self) -> InterventionKind {
        InterventionKind::ALL[self.selected.min(InterventionKind::ALL.len() - 1)]
    }

    pub fn select(&mut self, step: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(InterventionKind::ALL.len() - 1);
    }

    /// A key the keymap did not take: a kind's letter chooses it, the arrows move.
    pub fn key(&mut self, key: KeyEvent) {
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return;
        }
        match key.code {
            KeyCode::Up => self.select(-1),
            KeyCode::Down => self.select(1),
            KeyCode::Char(c) => {
                let c = c.to_ascii_lowercase();
                if let Some(i) = InterventionKind::ALL.iter().position(|k| letter(*k) == c) {
                    self.selected = i;
                    self.chosen = true;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_chooses_and_the_arrows_move() {
        let mut k = KindChooser::new(InterventionId(1), InterventionKind::Statement);
        k.key(KeyEvent::from(KeyCode::Down));
        assert_eq!(k.kind(), InterventionKind::RightOfReply);
        assert!(!k.chosen);
        k.key(KeyEvent::from(KeyCode::Char('x')));
        assert!(!k.chosen, "a letter of no kind chooses nothing");
        k.key(KeyEvent::from(KeyCode::Char('Q')));
        assert!(k.chosen);
        assert_eq!(k.kind(), InterventionKind::Question);
        // Every kind has its own letter.
        let mut letters: Vec<char> = InterventionKind::ALL.into_iter().map(letter).collect();
        letters.dedup();
        assert_eq!(letters.len(), InterventionKind::ALL.len());
    }
}
