//! The question asked when leaving with a speaker on the floor: end the intervention now,
//! leave their clock running, or pause it. Leaving says nothing otherwise, and a clock that
//! runs on while the app is closed makes an intervention hours long.

use crate::domain::InterventionId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuitQuestion {
    /// Who had the floor when the question was asked.
    pub floor: InterventionId,
}
