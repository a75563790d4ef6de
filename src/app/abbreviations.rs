//! Abbreviations as the note is typed: a short form just before a word boundary becomes its
//! expansion, through the same path as typing (`note_changed`), so the record and the
//! journal hold the expanded text. The last expansion can be taken back with one key. Also
//! the view of the abbreviations in force, where the session's own list is kept as a set-up
//! change (one batch, undone by the undo key).

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::CursorMove;

use super::overlay::abbreviations::AbbreviationsView;
use super::setup_views::sentence;
use super::{App, NoteTarget, Overlay, SetupQuestion};
use crate::abbreviations::{self as abbr, AbbreviationsError, InForce, Parsed, Source, Table};
use crate::action::Action;

/// How far back before a boundary a short form, and the link or tag it may be part of, is
/// looked for, in characters.
const LOOK_BACK: usize = 256;

/// The user's table, and the last expansion while it can still be taken back.
#[derive(Debug, Default)]
pub(super) struct Typing {
    user: Table,
    last: Option<Expanded>,
}

/// Where an expansion was made, and what it replaced.
#[derive(Debug, Clone)]
struct Expanded {
    target: NoteTarget,
    row: usize,
    /// The column of its first character.
    start: usize,
    typed: String,
    expansion: String,
}

/// Whether `key` types a word boundary into the editor: `Some(true)` for a new line.
fn typed_boundary(key: &KeyEvent) -> Option<bool> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    match key.code {
        KeyCode::Enter => Some(true),
        KeyCode::Char(c) if abbr::is_boundary(c) => Some(false),
        _ => None,
    }
}

/// Moves the editor's cursor to a row and column, if they can be named to it.
fn jump(editor: &mut ratatui_textarea::TextArea<'_>, row: usize, col: usize) -> bool {
    match (u16::try_from(row), u16::try_from(col)) {
        (Ok(row), Ok(col)) => {
            editor.move_cursor(CursorMove::Jump(row, col));
            true
        }
        _ => false,
    }
}

impl App {
    /// The user's table as loaded at the start. A file that could not be used leaves the
    /// app without it, and says why on the status line: nothing else depends on it.
    pub fn use_abbreviations(&mut self, loaded: Result<Parsed, AbbreviationsError>) {
        match loaded {
            Ok(parsed) => {
                self.abbreviations.user = parsed.table;
                if let Some(first) = parsed.warnings.first() {
                    self.warn(format!(
                        "{first} (`rapporteur abbreviations check` lists every warning)"
                    ));
                }
            }
            Err(e) => {
                let what = match e.problems().first() {
                    Some(first) => first.to_string(),
                    None => e.to_string(),
                };
                self.warn(format!(
                    "Abbreviations from the file are off: {what} (`rapporteur abbreviations \
                     check` lists every problem)"
                ));
            }
        }
    }

    /// The user's abbreviations and the session's own, as they apply now.
    pub fn abbreviations_in_force(&self) -> InForce<'_> {
        InForce::new(&self.abbreviations.user, &self.record.session.abbreviations)
    }

    /// A key for the note editor: typed, and a short form before a boundary expanded.
    pub(super) fn type_in_note(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        self.abbreviations.last = None;
        if !self.editor.input(key) {
            return;
        }
        if let Some(new_line) = typed_boundary(&key) {
            self.expand_before_boundary(new_line);
        }
        self.note_changed(now);
    }

    /// Expands the short form that ends right before the boundary just typed (the character
    /// before the cursor, or the end of the line above after a new line).
    fn expand_before_boundary(&mut self, new_line: bool) {
        let ratatui_textarea::DataCursor(row, col) = self.editor.cursor();
        let lines = self.editor.lines();
        let (row, end) = match (new_line, row.checked_sub(1), col.checked_sub(1)) {
            (true, Some(above), _) => (above, lines[above].chars().count()),
            (false, _, Some(before)) => (row, before),
            _ => return,
        };
        // Only the end of the line can hold the short form: a note of a megabyte on one line
        // is not copied at every space.
        let skip = end.saturating_sub(LOOK_BACK);
        let before: String = lines[row].chars().skip(skip).take(end - skip).collect();
        let found = abbr::word_before(&before, &self.abbreviations_in_force())
            // In a run of characters cut by the look-back (a long link), the start of what
            // it is part of is not in sight: not a word of its own.
            .filter(|found| skip == 0 || before.chars().take(found.start).any(char::is_whitespace));
        let Some(mut found) = found else {
            return;
        };
        found.start += skip;
        self.editor.cancel_selection();
        if !jump(&mut self.editor, row, found.start) {
            return;
        }
        self.editor.delete_str(found.typed.chars().count());
        self.editor.insert_str(&found.expansion);
        // Back over the boundary, where the typist is.
        self.editor.move_cursor(CursorMove::Forward);
        self.abbreviations.last = Some(Expanded {
            target: self.note_target,
            row,
            start: found.start,
            typed: found.typed,
            expansion: found.expansion,
        });
    }

    /// Puts the short form back in place of the last expansion, the boundary after it kept.
    pub(super) fn take_back_expansion(&mut self, now: DateTime<Utc>) {
        let target = self.note_target;
        let lines = self.editor.lines();
        let last = self.abbreviations.last.take().filter(|l| {
            l.target == target
                && lines.get(l.row).is_some_and(|line| {
                    let n = l.expansion.chars().count();
                    line.chars().skip(l.start).take(n).eq(l.expansion.chars())
                })
        });
        let Some(last) = last else {
            self.say(format!(
                "Nothing to take back: {} takes back an abbreviation right after it expands",
                self.key_hint(Action::TakeBackExpansion)
            ));
            return;
        };
        let ratatui_textarea::DataCursor(row, col) = self.editor.cursor();
        let (long, short) = (last.expansion.chars().count(), last.typed.chars().count());
        self.editor.cancel_selection();
        if !jump(&mut self.editor, last.row, last.start) {
            return;
        }
        self.editor.delete_str(long);
        self.editor.insert_str(&last.typed);
        let col = if row == last.row && col >= last.start + long {
            col - long + short
        } else {
            col
        };
        jump(&mut self.editor, row, col);
        self.note_changed(now);
        self.say(format!(
            "\"{}\" taken back: {} as typed",
            last.expansion, last.typed
        ));
    }

    pub(super) fn toggle_abbreviations(&mut self) {
        let user_rows = self.abbreviations.user.entries.len();
        self.toggle(Overlay::Abbreviations(AbbreviationsView {
            selected: 0,
            user_rows,
        }));
    }

    /// A key while the abbreviations are on top; whether it was taken.
    pub(super) fn abbreviations_key(&mut self, view: AbbreviationsView, action: Action) -> bool {
        let listed = self.abbreviations_in_force().listed();
        let row = listed
            .get(view.selected.min(listed.len().saturating_sub(1)))
            .cloned();
        match (action, row) {
            (Action::AddEntry, _) => self.ask(
                SetupQuestion::AddAbbreviation,
                "New: ".into(),
                String::new(),
            ),
            (Action::RenameEntry, Some(l)) => self.ask(
                SetupQuestion::ChangeAbbreviation(view.selected),
                format!("{} becomes ", l.short),
                format!("{} = {}", l.short, l.expansion),
            ),
            (Action::RemoveEntry, Some(l)) if l.source == Source::Session => {
                let what = format!("Abbreviation {} removed from this session", l.short);
                self.change_setup(what, |r| {
                    r.session.abbreviations.remove(&l.short);
                    Ok::<_, String>(())
                });
                self.select_abbreviation(None);
            }
            (Action::RemoveEntry, Some(l)) => self.warn(format!(
                "{} comes from your abbreviations file: remove it there; {} gives this session \
                 its own in its place",
                l.short,
                self.key_hint(Action::RenameEntry)
            )),
            (Action::Cancel, _) => {
                self.overlays.pop();
            }
            _ => return false,
        }
        true
    }

    /// The answer "SHORT = EXPANSION" to the view's question, as a change of the session's
    /// own list; the reason when it is refused.
    pub(super) fn answer_abbreviation(
        &mut self,
        question: SetupQuestion,
        answer: &str,
    ) -> Result<(), String> {
        let Some((short, expansion)) = answer.split_once('=') else {
            return Err(
                "Write the short form, =, and what it stands for: tip = trafficking in persons"
                    .into(),
            );
        };
        let (short, expansion) = (short.trim().to_string(), expansion.trim().to_string());
        if let Some(problem) = abbr::short_form_problem(&short) {
            return Err(sentence(problem));
        }
        if expansion.is_empty() {
            return Err(format!("Write what \"{short}\" stands for after the ="));
        }
        let replaced = match question {
            SetupQuestion::ChangeAbbreviation(row) => self
                .abbreviations_in_force()
                .listed()
                .get(row)
                .filter(|l| l.source == Source::Session && l.short != short)
                .map(|l| l.short.clone()),
            _ => None,
        };
        let what = format!("Abbreviation {short} = {expansion} for this session");
        let (s, e) = (short.clone(), expansion);
        self.try_setup(what, move |r| {
            if let Some(old) = replaced {
                r.session.abbreviations.remove(&old);
            }
            r.session.abbreviations.insert(s, e);
            Ok(())
        })?;
        self.select_abbreviation(Some(&short));
        if abbr::is_common_word(&short) && self.abbreviations.user.prefix.is_none() {
            self.warn(abbr::ProblemKind::CommonWord { short }.to_string());
        }
        Ok(())
    }

    /// Selects the session's `short` in the view on top, or keeps the selection in the list.
    fn select_abbreviation(&mut self, short: Option<&str>) {
        let listed = self.abbreviations_in_force().listed();
        let at = short.and_then(|s| {
            listed
                .iter()
                .position(|l| l.short == s && l.source == Source::Session)
        });
        if let Some(Overlay::Abbreviations(v)) = self.overlays.last_mut() {
            v.selected = at.unwrap_or(v.selected).min(listed.len().saturating_sub(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::abbreviations::{parse_file, AbbreviationsError};
    use crate::action::Action;
    use crate::app::tests::app_with_list;
    use crate::app::{App, Focus, NoteTarget, Overlay};
    use crate::store::Change;

    const FILE: &str =
        "[abbreviations]\nms = \"Member States\"\ntip = \"trafficking in persons\"\n";

    fn app(file: &str) -> App {
        let mut app = app_with_list(&["Kenya"]);
        app.use_abbreviations(parse_file(file, "a.toml"));
        app.update(Action::FocusNotes, Utc::now());
        app
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            app.handle_key(KeyEvent::new(code, KeyModifiers::NONE), Utc::now());
        }
    }

    fn take_back(app: &mut App) {
        let alt_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::ALT);
        app.handle_key(alt_u, Utc::now());
    }

    fn note(app: &App) -> String {
        app.editor.lines().join("\n")
    }

    /// The note as the record holds it, the one the store is sent.
    fn recorded(app: &App) -> String {
        let NoteTarget::Meeting(n) = app.note_target else {
            panic!("no one has the floor");
        };
        app.record.meeting(n).unwrap().note.clone()
    }

    #[test]
    fn short_forms_expand_at_word_boundaries_into_the_record() {
        let mut app = app(FILE);
        type_text(&mut app, "ms agreed on tip. Tip, (ms) tips #tip\nms\n");
        let expected = "Member States agreed on trafficking in persons. Trafficking in \
                        persons, (Member States) tips #tip\nMember States\n";
        assert_eq!(note(&app), expected);
        assert_eq!(recorded(&app), expected);
        let last_saved = app.outbox.iter().rev().find_map(|c| match c {
            Change::Meeting(_, m) => Some(m.note.clone()),
            _ => None,
        });
        assert_eq!(last_saved.as_deref(), Some(expected));
    }

    #[test]
    fn the_take_back_key_restores_the_short_form_and_keeps_the_boundary() {
        let mut app = app(FILE);
        type_text(&mut app, "on tip,");
        assert_eq!(note(&app), "on trafficking in persons,");
        take_back(&mut app);
        assert_eq!(note(&app), "on tip,");
        assert_eq!(recorded(&app), "on tip,");
        assert!(app.message.as_ref().unwrap().text.contains("taken back"));
        // The cursor is after the boundary, where it was.
        type_text(&mut app, " said");
        assert_eq!(note(&app), "on tip, said");
        // Once only, and only right after the expansion.
        take_back(&mut app);
        assert!(app
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Nothing to take back"));
        type_text(&mut app, " ms x");
        take_back(&mut app);
        assert_eq!(note(&app), "on tip, said Member States x");
        assert!(app
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Nothing to take back"));
    }

    #[test]
    fn a_take_back_in_the_middle_of_the_note_leaves_the_rest_as_it_was() {
        let mut app = app(FILE);
        type_text(&mut app, "end of note");
        for _ in 0.."end of note".len() {
            app.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE), Utc::now());
        }
        type_text(&mut app, "ms ");
        assert_eq!(note(&app), "Member States end of note");
        take_back(&mut app);
        assert_eq!(note(&app), "ms end of note");
        type_text(&mut app, "x");
        assert_eq!(note(&app), "ms xend of note");
    }

    #[test]
    fn a_short_form_at_the_end_of_a_long_line_expands_in_its_place() {
        let mut app = app(FILE);
        let long = "x ".repeat(400);
        app.handle_paste(&long, Utc::now());
        type_text(&mut app, "ms ");
        assert_eq!(note(&app), format!("{long}Member States "));
        take_back(&mut app);
        assert_eq!(note(&app), format!("{long}ms "));
    }

    #[test]
    fn a_link_longer_than_the_look_back_is_not_expanded_at_its_end() {
        let mut app = app(FILE);
        // Typed to its end, as a link with a sign that may open a short form in it.
        let link = format!(
            "https://en.wikipedia.org/wiki/{}_(tip)",
            "Palermo_".repeat(40)
        );
        let (pasted, typed) = link.split_at(link.len() - 5);
        app.handle_paste(&format!("See {pasted}"), Utc::now());
        type_text(&mut app, &format!("{typed} ms "));
        assert_eq!(note(&app), format!("See {link} Member States "));
    }

    #[test]
    fn a_paste_is_never_expanded() {
        let mut app = app(FILE);
        app.handle_paste("ms agreed on tip. ", Utc::now());
        assert_eq!(note(&app), "ms agreed on tip. ");
    }

    #[test]
    fn with_a_prefix_only_prefixed_forms_expand() {
        let mut app = app(&format!("prefix = \";\"\n{FILE}"));
        type_text(&mut app, "ms and ;ms;");
        assert_eq!(note(&app), "ms and Member States;");
    }

    #[test]
    fn a_bad_file_is_said_and_the_app_types_on() {
        let mut app = app_with_list(&["Kenya"]);
        app.use_abbreviations(parse_file("[abbreviations]\n\"m s\" = \"x\"\n", "a.toml"));
        let said = app.message.clone().unwrap();
        assert!(said.warning);
        assert!(said.text.starts_with(
            "Abbreviations from the file are off: a.toml:2:1: the short form \"m s\""
        ));
        let missing = AbbreviationsError::Read {
            file: "gone.toml".into(),
            what: "abbreviations",
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        app.use_abbreviations(Err(missing));
        assert!(app.message.as_ref().unwrap().text.contains("gone.toml"));
        app.update(Action::FocusNotes, Utc::now());
        type_text(&mut app, "ms ");
        assert_eq!(note(&app), "ms ");
    }

    #[test]
    fn the_sessions_own_list_is_kept_in_the_view_saved_whole_and_undone() {
        let mut app = app(FILE);
        app.outbox.clear();
        app.update(Action::AbbreviationsView, Utc::now());
        assert!(matches!(app.top(), Some(Overlay::Abbreviations(_))));
        app.update(Action::AddEntry, Utc::now());
        type_text(&mut app, "sr = Special Rapporteur");
        app.update(Action::Confirm, Utc::now());
        assert_eq!(app.record.session.abbreviations["sr"], "Special Rapporteur");
        assert!(
            matches!(app.outbox.as_slice(), [Change::Session(s)] if s.abbreviations.len() == 1)
        );
        // The session's entry replaces the user's for the same short form.
        app.update(Action::AddEntry, Utc::now());
        type_text(&mut app, "ms = Member States of the Council");
        app.update(Action::Confirm, Utc::now());
        app.update(Action::AbbreviationsView, Utc::now());
        app.focus = Focus::Notes;
        type_text(&mut app, "sr ms ");
        assert_eq!(
            note(&app),
            "Special Rapporteur Member States of the Council "
        );
        // Undo takes the last change back.
        app.update(Action::UndoFloor, Utc::now());
        assert!(!app.record.session.abbreviations.contains_key("ms"));
        type_text(&mut app, "ms ");
        assert!(note(&app).ends_with("Council Member States "));
    }

    #[test]
    fn a_bad_answer_keeps_the_question_open_with_the_reason() {
        let mut app = app(FILE);
        app.update(Action::AbbreviationsView, Utc::now());
        app.update(Action::AddEntry, Utc::now());
        type_text(&mut app, "m s = Member States");
        app.update(Action::Confirm, Utc::now());
        let Some(Overlay::Prompt(p)) = app.top() else {
            panic!("the question stays open");
        };
        assert!(p.error.as_ref().unwrap().contains("one word"));
        assert!(app.record.session.abbreviations.is_empty());
    }

    #[test]
    fn a_users_entry_is_not_removed_from_the_app() {
        let mut app = app(FILE);
        app.update(Action::AbbreviationsView, Utc::now());
        app.update(Action::RemoveEntry, Utc::now());
        assert!(app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("comes from your abbreviations file"));
    }
}
