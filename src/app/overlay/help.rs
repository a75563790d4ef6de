//! The list of keys, from the keymap in force, for every context.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HelpView {
    /// How far the help is scrolled, in lines; the drawing clips it to the help's length.
    pub scroll: u16,
}

impl HelpView {
    pub fn select(&mut self, step: isize) {
        self.scroll = self.scroll.saturating_add_signed(step as i16);
    }
}
