//! `rapporteur topics` through the real binary: the secretariat gives the topics rapporteurs
//! tagged statements with their headings in the Chair's summary, and every draft uses them.

mod common;

use std::path::{Path, PathBuf};

use common::{rapporteur_in, succeeds};

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("store");
    succeeds(rapporteur_in(dir, &db, &["demo"]));
    db
}

/// The row of `topics list` for `tag`, split in its columns.
fn row(listing: &str, tag: &str) -> Vec<String> {
    listing
        .lines()
        .find(|l| l.starts_with(&format!("#{tag}  ")))
        .unwrap_or_else(|| panic!("no row for #{tag} in\n{listing}"))
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn a_topic_labelled_is_the_heading_in_every_draft_until_unlabelled() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let listing = succeeds(rapporteur_in(dir.path(), &db, &["topics"]));
    assert_eq!(
        row(&listing, "victim-centred"),
        [
            "#victim-centred",
            "3",
            "6",
            "Victim-centred",
            "(the tag's words)"
        ]
    );

    let said = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &[
            "topics",
            "label",
            "#Victim-Centred",
            "Victim-centred approach",
        ],
    ));
    assert!(
        said.starts_with("#victim-centred now reads \"Victim-centred approach\" in the drafts."),
        "{said}"
    );
    assert_eq!(
        row(&said, "victim-centred"),
        ["#victim-centred", "3", "6", "Victim-centred approach"]
    );
    for format in ["md", "html"] {
        let draft = succeeds(rapporteur_in(
            dir.path(),
            &db,
            &["export", "--format", format, "-o", "-"],
        ));
        assert!(
            draft.contains("Victim-centred approach"),
            "the {format} draft has the heading"
        );
    }

    let said = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["topics", "unlabel", "victim-centred"],
    ));
    assert!(
        said.starts_with(
            "#victim-centred no longer reads \"Victim-centred approach\": the drafts call it \"Victim-centred\"."
        ),
        "{said}"
    );
    let draft = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["export", "--format", "md", "-o", "-"],
    ));
    assert!(!draft.contains("### Victim-centred approach"));
}

#[test]
fn a_heading_for_a_tag_not_used_yet_is_kept_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let said = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["topics", "label", "future-work", "Future work"],
    ));
    assert!(
        said.contains("No statement is tagged #future-work yet"),
        "{said}"
    );
    assert!(said
        .contains("Headings kept for tags no statement has yet:\n  #future-work: \"Future work\""));
}

#[test]
fn bad_tags_and_headings_are_refused_with_what_to_do_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let before = succeeds(rapporteur_in(dir.path(), &db, &["topics"]));
    common::refused(
        dir.path(),
        &db,
        [
            (
                vec!["topics", "label", "organ removal", "Organs"],
                "\"organ removal\" is not a tag as notes write them",
            ),
            (
                vec!["topics", "label", "recommendation", "Recs"],
                "#recommendation marks a recommendation, not a topic",
            ),
            (
                vec!["topics", "label", "organ-removal", "  "],
                "cannot be empty: to go back to the tag's own words, use `unlabel`",
            ),
            (
                vec!["topics", "label", "organ-removal", "Organs\nand tissue"],
                "is one line",
            ),
            (
                vec!["topics", "unlabel", "organ-removal"],
                "#organ-removal has no heading of its own to remove",
            ),
        ],
    );
    assert_eq!(
        succeeds(rapporteur_in(dir.path(), &db, &["topics"])),
        before
    );
}
