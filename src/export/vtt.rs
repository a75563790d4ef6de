//! WebVTT chapters of a meeting's recording: one cue per intervention, in the recording's
//! time, for a player to jump to who spoke when.

use super::cues::{hmsm, Cues};

/// `HH:MM:SS.mmm`, hours as many as needed.
fn time(ms: u64) -> String {
    let (h, m, s, ms) = hmsm(ms);
    format!("{h:02}:{m:02}:{s:02}.{ms:03}")
}

/// A cue's text as WebVTT reads it: `&`, `<` and `>` escaped (so no `-->` either), one line.
fn text(t: &str) -> String {
    one_line(t)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Line breaks would end the cue early: a blank line ends it.
pub(super) fn one_line(t: &str) -> String {
    t.split(['\n', '\r', '\t'])
        .filter(|p| !p.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn render(cues: &Cues) -> String {
    let mut out = String::from("WEBVTT\n");
    for cue in &cues.cues {
        out.push_str(&format!(
            "\n{} --> {}\n{}\n",
            time(cue.start_ms),
            time(cue.end_ms),
            text(&cue.text)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_arrows_are_escaped() {
        assert_eq!(text("A & B <x> --> C"), "A &amp; B &lt;x&gt; --&gt; C");
        assert_eq!(text("two\n\nlines"), "two lines");
        assert_eq!(time(3_723_004), "01:02:03.004");
        assert_eq!(time(100 * 3600 * 1000), "100:00:00.000");
    }
}
