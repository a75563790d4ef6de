//! The speaking-time statistics, full screen: which table is shown and how far it is
//! scrolled.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatisticsView {
    pub tab: usize,
    pub scroll: u16,
}

impl StatisticsView {
    pub fn select(&mut self, step: isize) {
        self.scroll = self.scroll.saturating_add_signed(step as i16);
    }

    pub fn next_tab(&mut self) {
        self.tab += 1;
        self.scroll = 0;
    }
}
