//! The chair's full-screen view: the large timer and the next speakers. It holds no state of
//! its own; it is drawn from the record.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChairView;
