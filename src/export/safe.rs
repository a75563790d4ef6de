//! What every format does alike to text from outside (notes, names, titles) before laying it
//! out: control characters go, and so do the invisible characters that reorder text.
//!
//! A bidirectional override (U+202A–U+202E) or isolate (U+2066–U+2069) makes a line display in
//! another order than it is stored: `evil\u{202E}txt.exe` shows as "evilexe.txt". In a draft that is
//! read, quoted and sent on, no one can see it is there, so it is removed in every format.
//! The marks U+200E and U+200F only nudge neutral characters and cannot hide anything: they
//! stay, as Arabic and Hebrew text may need them.

/// Whether `c` reorders the text around it without being seen.
pub fn reorders_text(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from outside, safe to lay out in any format: control characters (C0, DEL and C1)
/// removed, except tabs and line breaks, which are kept for the format to treat (a carriage
/// return, alone or before a line feed, becomes a line feed); reordering characters removed.
pub fn clean(text: &str) -> String {
    // Nearly all text is clean already: a scan of its bytes spares decoding it.
    if !needs_cleaning(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() || reorders_text(c) => {}
            // XML (and so Word) has no place for these two non-characters.
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `clean` would change `text`, from its UTF-8 bytes: C0 controls but tab and line
/// feed, DEL, C1 controls (C2 80–9F), U+202A–U+202E (E2 80 AA–AE), U+2066–U+2069
/// (E2 81 A6–A9), U+FFFE and U+FFFF (EF BF BE–BF).
fn needs_cleaning(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        b'\t' | b'\n' => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
        0xE2 => match b.get(i + 1) {
            Some(0x80) => matches!(b.get(i + 2), Some(0xAA..=0xAE)),
            Some(0x81) => matches!(b.get(i + 2), Some(0xA6..=0xA9)),
            _ => false,
        },
        0xEF => b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    })
}

/// `clean`, on one line: line breaks and tabs become spaces, and the ends are trimmed.
pub fn clean_line(text: &str) -> String {
    clean(text)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_scan_of_bytes_finds_what_cleaning_removes(text in any::<String>()) {
            let removed = text.chars().any(|c| {
                (c.is_control() && c != '\t' && c != '\n')
                    || reorders_text(c)
                    || c == '\u{FFFE}'
                    || c == '\u{FFFF}'
            });
            prop_assert_eq!(needs_cleaning(&text), removed);
        }
    }

    #[test]
    fn controls_and_reordering_characters_go_and_the_rest_stays() {
        assert_eq!(clean("bell\u{7}here"), "bellhere");
        assert_eq!(clean("evil\u{202E}txt.exe"), "eviltxt.exe");
        assert_eq!(clean("a\u{2066}b\u{2069}c"), "abc");
        assert_eq!(clean("a\r\nb\rc\td"), "a\nb\nc\td");
        assert_eq!(clean("\u{1b}[31mred"), "[31mred");
        assert_eq!(clean("\u{85}next"), "next");
        assert_eq!(clean("مرحبا\u{200F} 你好 🎉"), "مرحبا\u{200F} 你好 🎉");
        assert_eq!(clean_line(" a\nb\tc "), "a b c");
    }
}
