//! The session's chairs, named when it is created, are on its roster as Chair.

mod common;

use common::{rapporteur_in, succeeds};

#[test]
fn the_chairs_of_a_new_session_are_on_its_roster_as_chair() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "new",
            "--body",
            "Working Group on Trafficking in Persons",
            "--chair",
            "Ana Ruiz (Spain)",
            "--chair",
            "Kwame  Mensah",
        ],
    ));
    let roster = succeeds(rapporteur_in(dir.path(), &db, &["roster", "show"]));
    for chair in ["Ana Ruiz (Spain)", "Kwame Mensah"] {
        assert!(
            roster
                .lines()
                .any(|l| l.contains(chair) && l.contains("Chair")),
            "{chair} as Chair:\n{roster}"
        );
    }
    assert!(roster.contains("2 participants"), "{roster}");
}
