//! Text from outside (notes, names, the meeting's notes) drawn at random, rendered in every
//! format of the draft and the CSV: no control character other than a line break or a tab,
//! no character that reorders text, and in Markdown no link, image, code or HTML a note
//! could open.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use rapporteur::domain::SessionId;
use rapporteur::export::{render, Format, Scope};

/// Characters that break formats, mixed with ordinary text.
fn risky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Zéа-я中 ]{1,6}",
        1 => Just("[x](javascript:alert(1))".to_string()),
        1 => Just("![](http://t.example/p.png)".to_string()),
        1 => Just("<img src=x onerror=alert(1)>".to_string()),
        1 => Just("`<b>x</b>`{=html}".to_string()),
        1 => Just("[^1]: note".to_string()),
        1 => Just("#tag-word".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\t".to_string()),
        2 => proptest::char::range('\u{0}', '\u{1f}').prop_map(String::from),
        1 => Just("\u{7f}\u{85}".to_string()),
        2 => proptest::char::range('\u{202A}', '\u{202E}').prop_map(String::from),
        2 => proptest::char::range('\u{2066}', '\u{2069}').prop_map(String::from),
        1 => Just("=SUM(A1)".to_string()),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Whether `c` may stand in the rendered bytes of `format`.
fn allowed(format: Format, c: char) -> bool {
    let reorders = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let line = matches!(c, '\n' | '\t') || (format == Format::Csv && c == '\r');
    !reorders && (!c.is_control() || line)
}

/// Every `[`, `]`, `` ` `` and `<` in the Markdown is escaped: nothing a note holds becomes
/// a link, an image, a footnote, code or HTML. (The draft's own Markdown uses none of them.)
fn markdown_inert(md: &str) -> Result<(), String> {
    let mut escaped = false;
    for (i, c) in md.char_indices() {
        if matches!(c, '[' | ']' | '`' | '<') && !escaped {
            let from = md[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
            let to = md[i..]
                .char_indices()
                .nth(40)
                .map_or(md.len(), |(j, _)| i + j);
            return Err(format!("live {c:?} in {:?}", &md[from..to]));
        }
        escaped = c == '\\' && !escaped;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_note_or_name_smuggles_anything_into_a_draft(
        notes in proptest::collection::vec(risky_text(), 4),
        name in risky_text(),
        group in risky_text(),
    ) {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        let mut record = rapporteur::demo::demo_record(SessionId(1), now);
        for (iv, note) in record.interventions.iter_mut().zip(&notes) {
            iv.set_note(note.clone());
        }
        record.interventions[1].on_behalf_of = Some(group);
        record.participants[0].name = name;
        record.meetings[0].note = notes[0].clone();
        for format in [Format::Md, Format::Html, Format::Docx, Format::Csv] {
            let bytes = render(&record, Scope::default(), format, now).unwrap();
            let text = if format == Format::Docx {
                let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut xml = String::new();
                std::io::Read::read_to_string(
                    &mut archive.by_name("word/document.xml").unwrap(),
                    &mut xml,
                )
                .unwrap();
                xml
            } else {
                String::from_utf8(bytes).unwrap()
            };
            if let Some(bad) = text.chars().find(|&c| !allowed(format, c)) {
                prop_assert!(false, "{format:?} holds {bad:?}");
            }
            if format == Format::Md {
                prop_assert!(markdown_inert(&text).is_ok(), "{}", markdown_inert(&text).unwrap_err());
            }
        }
    }
}
