//! Durations as a chair says them: the one reader of time limits and budgets, whether they
//! come from the command line, the app's prompt or an imported file. Its arithmetic is
//! checked, so a number too large for the clock is refused, never wrapped into a short one.

use std::fmt;

/// The longest time limit or budget a chair would set: a whole day.
pub const LONGEST_SECS: u32 = 24 * 3600;

/// Why a text or a number is not a time limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    /// Not written as minutes, minutes:seconds or seconds.
    Unreadable(String),
    /// No time at all.
    Zero(String),
    /// Longer than a day (or too long to count).
    TooLong(String),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Unreadable(text) => write!(
                f,
                "\"{text}\" is not a time limit: write minutes (3), minutes:seconds (2:30) or \
                 seconds (90s)"
            ),
            DurationError::Zero(text) => write!(
                f,
                "{text} is not a time limit a chair would set: between 1 second and 24 hours"
            ),
            DurationError::TooLong(text) => write!(
                f,
                "{text}{} is more than 24 hours, longer than any time limit a chair would set: \
                 write one between 1 second and 24 hours, e.g. 3 (minutes) or 2:30",
                if is_number(text) { " minutes" } else { "" }
            ),
        }
    }
}

impl std::error::Error for DurationError {}

/// Reads a time limit or a budget as a chair says it: "3" (minutes), "2:30", "90s", "4m",
/// "1m30", "1 min 30 s". "none", "-", "default" (or an empty answer) mean no limit of its
/// own: `Ok(None)`. Between 1 second and 24 hours.
pub fn parse_duration(text: &str) -> Result<Option<u32>, DurationError> {
    let shown = text.trim();
    let t = shown.to_lowercase();
    if t.is_empty() || t == "none" || t == "-" || t == "default" {
        return Ok(None);
    }
    let unreadable = || DurationError::Unreadable(shown.to_string());
    let secs = if let Some((m, s)) = t.split_once(':') {
        minutes_and_seconds(m.trim(), s.trim(), shown)?
    } else {
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let compact = compact
            .replace("minutes", "m")
            .replace("minute", "m")
            .replace("min", "m")
            .replace("seconds", "s")
            .replace("second", "s")
            .replace("sec", "s");
        if is_number(&compact) {
            minutes_and_seconds(&compact, "0", shown)?
        } else if let Some(s) = compact.strip_suffix('s').filter(|s| !s.contains('m')) {
            number(s, shown)?
        } else if let Some((m, rest)) = compact.split_once('m') {
            let rest = rest.trim_end_matches('s');
            minutes_and_seconds(m, if rest.is_empty() { "0" } else { rest }, shown)?
        } else {
            return Err(unreadable());
        }
    };
    within_a_day(secs, shown).map(Some)
}

/// A number of seconds from outside (an option, a file) checked as `parse_duration` checks
/// what it reads: between 1 second and 24 hours.
pub fn check_secs(secs: u64) -> Result<u32, DurationError> {
    within_a_day(secs, &format!("{secs} s"))
}

fn within_a_day(secs: u64, shown: &str) -> Result<u32, DurationError> {
    match u32::try_from(secs) {
        Ok(0) => Err(DurationError::Zero(shown.to_string())),
        Ok(s) if s <= LONGEST_SECS => Ok(s),
        _ => Err(DurationError::TooLong(shown.to_string())),
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A count of digits; one too large for any counter is too long, not unreadable.
fn number(text: &str, shown: &str) -> Result<u64, DurationError> {
    if !is_number(text) {
        return Err(DurationError::Unreadable(shown.to_string()));
    }
    text.parse()
        .map_err(|_| DurationError::TooLong(shown.to_string()))
}

fn minutes_and_seconds(minutes: &str, seconds: &str, shown: &str) -> Result<u64, DurationError> {
    let m = number(minutes, shown)?;
    let s = number(seconds, shown)?;
    if s >= 60 {
        return Err(DurationError::Unreadable(shown.to_string()));
    }
    m.checked_mul(60)
        .and_then(|m| m.checked_add(s))
        .ok_or_else(|| DurationError::TooLong(shown.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_read_as_chairs_say_them() {
        assert_eq!(parse_duration("3"), Ok(Some(180)));
        assert_eq!(parse_duration("2:30"), Ok(Some(150)));
        assert_eq!(parse_duration("90s"), Ok(Some(90)));
        assert_eq!(parse_duration("4m"), Ok(Some(240)));
        assert_eq!(parse_duration("1m30"), Ok(Some(90)));
        assert_eq!(parse_duration("1 min 30 s"), Ok(Some(90)));
        assert_eq!(parse_duration("5 minutes"), Ok(Some(300)));
        assert_eq!(parse_duration(""), Ok(None));
        assert_eq!(parse_duration("none"), Ok(None));
        assert!(parse_duration("2:75").is_err());
        assert!(parse_duration("three")
            .unwrap_err()
            .to_string()
            .contains("not a time limit"));
        assert!(matches!(parse_duration("0"), Err(DurationError::Zero(_))));
    }

    #[test]
    fn a_day_is_the_longest_limit() {
        assert_eq!(parse_duration("1440"), Ok(Some(LONGEST_SECS)));
        assert_eq!(parse_duration("1440:00"), Ok(Some(LONGEST_SECS)));
        assert_eq!(parse_duration("86400s"), Ok(Some(LONGEST_SECS)));
        for too_long in ["1441", "1440:01", "86401s", "1441m"] {
            let e = parse_duration(too_long).unwrap_err();
            assert!(matches!(e, DurationError::TooLong(_)), "{too_long}: {e}");
            assert!(e.to_string().contains("24 hours"), "{e}");
        }
        assert!(parse_duration("1441")
            .unwrap_err()
            .to_string()
            .starts_with("1441 minutes is more than 24 hours"));
    }

    #[test]
    fn a_number_that_would_wrap_is_refused_not_shortened() {
        // 71582789 minutes are 2^32 + 44 seconds: read unchecked, 44 s.
        for huge in [
            "71582789",
            "71582789:00",
            "71582789m",
            "4294967340s",
            "4294967295",
            "18446744073709551615",
            "99999999999999999999999",
            "99999999999999999999999s",
            "307445734561825861:00",
        ] {
            assert!(
                matches!(parse_duration(huge), Err(DurationError::TooLong(_))),
                "{huge}: {:?}",
                parse_duration(huge)
            );
        }
    }

    #[test]
    fn numbers_from_outside_are_held_to_the_same_range() {
        assert_eq!(check_secs(180), Ok(180));
        assert!(matches!(check_secs(0), Err(DurationError::Zero(_))));
        assert!(matches!(
            check_secs(u64::from(u32::MAX)),
            Err(DurationError::TooLong(_))
        ));
        assert!(matches!(
            check_secs(u64::MAX),
            Err(DurationError::TooLong(_))
        ));
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_never_a_panic(text in "\\PC{0,40}") {
            if let Ok(Some(secs)) = parse_duration(&text) {
                proptest::prop_assert!((1..=LONGEST_SECS).contains(&secs));
            }
        }

        #[test]
        fn any_count_of_minutes_is_exact_or_refused(m in proptest::num::u64::ANY, s in 0u64..60) {
            let read = parse_duration(&format!("{m}:{s:02}"));
            match m.checked_mul(60).and_then(|x| x.checked_add(s)) {
                Some(total) if (1..=u64::from(LONGEST_SECS)).contains(&total) => {
                    proptest::prop_assert_eq!(read, Ok(Some(total as u32)))
                }
                _ => proptest::prop_assert!(read.is_err()),
            }
        }
    }
}
