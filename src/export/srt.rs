//! SubRip subtitles of a meeting's recording: numbered cues, one per intervention.

use super::cues::{hmsm, Cues};

/// `HH:MM:SS,mmm`.
fn time(ms: u64) -> String {
    let (h, m, s, ms) = hmsm(ms);
    format!("{h:02}:{m:02}:{s:02},{ms:03}")
}

/// One line; an arrow in a name would read as a cue's times.
fn text(t: &str) -> String {
    super::vtt::one_line(t).replace("-->", "->")
}

pub fn render(cues: &Cues) -> String {
    let mut out = String::new();
    for (i, cue) in cues.cues.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}\n{} --> {}\n{}\n",
            i + 1,
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
    fn times_use_a_comma_and_arrows_leave_the_text() {
        assert_eq!(time(3_723_004), "01:02:03,004");
        assert_eq!(text("A --> B"), "A -> B");
    }
}
