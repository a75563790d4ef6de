//! Audacity's label track: `start<TAB>end<TAB>text`, in seconds with six decimals, one label
//! per intervention, to import beside the recording (File › Import › Labels).

use super::cues::Cues;

/// Seconds with six decimals, from milliseconds: exact, no float rounding.
fn seconds(ms: u64) -> String {
    format!("{}.{:03}000", ms / 1000, ms % 1000)
}

/// One line; Audacity reads a line that starts with a backslash as the frequencies of the
/// label before it.
fn text(t: &str) -> String {
    super::vtt::one_line(t)
        .trim_start_matches(['\\', ' '])
        .to_string()
}

pub fn render(cues: &Cues) -> String {
    let mut out = String::new();
    for cue in &cues.cues {
        out.push_str(&format!(
            "{}\t{}\t{}\n",
            seconds(cue.start_ms),
            seconds(cue.end_ms),
            text(&cue.text)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_have_six_decimals() {
        assert_eq!(seconds(2_533_004), "2533.004000");
        assert_eq!(seconds(0), "0.000000");
        assert_eq!(text("\\x\ty"), "x y");
    }
}
