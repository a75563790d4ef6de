//! Tests of the parts that change least (the keymap files, the roster's CSV import, the
//! pseudo-terminal harness, a second process on one store), in one test binary: every file
//! directly in `tests/` is a binary of its own that links the whole crate, and each link
//! costs CI seconds. Run one part with `cargo test --test settled keymap_fixtures`.

#[path = "../common/mod.rs"]
mod common;

mod fuzz_keymap;
mod keymap_fixtures;
mod keymap_shipped;
mod pty_harness;
mod roster_import;
mod second_process;
