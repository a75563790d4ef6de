//! Following a store live from outside the app that writes it: the room's screen
//! (`rapporteur follow`) and a live copy on another computer (`rapporteur stream` into
//! `rapporteur mirror`). Both read the store's journal, which holds the whole record, as it
//! grows; neither takes the store's lock or writes to it.

pub mod ending;
pub mod follow;
pub mod mirror;
pub mod replica;
pub mod stream;
pub mod tail;
pub mod wire;
