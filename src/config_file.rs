//! What the user's own files (the keymap, the abbreviations) share when they are wrong: every
//! problem said at its file, line and column, for the person who has to fix it, and nothing
//! of a file used when one is found. Each file says what its problems are (`Kind`).

use std::fmt;

/// What can be wrong in one kind of file.
pub trait Kind: fmt::Display + fmt::Debug {
    /// Whether the file is still used with this in it (a doubt rather than a mistake).
    fn is_warning(&self) -> bool {
        false
    }
}

/// One problem, or one warning, at one place in a file; `line` and `column` count from 1,
/// the column in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem<K> {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub kind: K,
}

impl<K> Problem<K> {
    /// A problem at byte `offset` of `text`.
    pub fn at(file: &str, text: &str, offset: usize, kind: K) -> Problem<K> {
        let (line, column) = line_column(text, offset);
        Problem {
            file: file.to_string(),
            line,
            column,
            kind,
        }
    }
}

impl<K: Kind> fmt::Display for Problem<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let warning = if self.kind.is_warning() {
            "warning: "
        } else {
            ""
        };
        write!(
            f,
            "{}:{}:{}: {warning}{}",
            self.file, self.line, self.column, self.kind
        )
    }
}

impl<K: Kind> std::error::Error for Problem<K> {}

/// A file that could not be used: unreadable, or read with problems (every one found, in the
/// order of the file). `what` names the kind of file: "keymap", "abbreviations".
#[derive(Debug)]
pub enum FileError<K> {
    Read {
        file: String,
        what: &'static str,
        source: std::io::Error,
    },
    Invalid(Vec<Problem<K>>),
}

impl<K> FileError<K> {
    /// The problems found in the file (none for a file that could not be read).
    pub fn problems(&self) -> &[Problem<K>] {
        match self {
            FileError::Invalid(problems) => problems,
            FileError::Read { .. } => &[],
        }
    }
}

impl<K: Kind> fmt::Display for FileError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Read { file, what, source } => {
                write!(f, "{file}: cannot read this {what} file: {source}")
            }
            FileError::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

impl<K: Kind> std::error::Error for FileError<K> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FileError::Read { source, .. } => Some(source),
            FileError::Invalid(_) => None,
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// What a TOML value is, in words, for a message saying what was found instead: "a number".
pub fn what_value(value: &toml::de::DeValue<'_>) -> &'static str {
    use toml::de::DeValue;
    match value {
        DeValue::String(_) => "a text",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table (a key with a dot must be in quotes)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns_in_characters() {
        let text = "ab\néé\nx";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 1), (1, 2));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 2));
        assert_eq!(line_column(text, 6), (2, 2), "inside a character");
        assert_eq!(line_column(text, 7), (2, 3));
        assert_eq!(line_column(text, 8), (3, 1));
        assert_eq!(line_column(text, 100), (3, 2));
    }
}
