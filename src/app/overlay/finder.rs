//! The finder: a few letters find a speaker on the session's roster or the roster that ships
//! with the app; a name found nowhere can be added on the spot with its category. An
//! optional second field names the group the speaker speaks for.
//!
//! How the names and groups found are ranked is `roster::ranking`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::{self, Edit};

use crate::domain::{Category, InterventionKind, ParticipantId, SessionRecord};
use crate::roster::ranking::{collapse_spaces, find_groups, find_speakers, Fit};
pub use crate::roster::ranking::{GroupSuggestion, Speaker, SHOWN};
use crate::roster::{likely_category, search_key};

/// What the finder is choosing a speaker for; it says so in its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinderPurpose {
    /// A place at the end of the list of speakers.
    Inscribe,
    /// A place in the rights of reply.
    RightOfReply,
    /// Who raises a point of order, interrupting the speaker.
    PointOfOrder,
    /// A name to type into the note at the cursor ("responding to Kenya, …"): nobody is
    /// inscribed or added, and there is no group to choose.
    NameForNote,
    /// The entry of the roster that stays when this participant, entered twice, is merged
    /// into it: only someone on the session's roster can be chosen.
    MergeInto(ParticipantId),
}

impl FinderPurpose {
    pub fn title(self) -> &'static str {
        match self {
            FinderPurpose::Inscribe => "Inscribe on the list of speakers",
            FinderPurpose::RightOfReply => "Inscribe a right of reply",
            FinderPurpose::PointOfOrder => "Point of order raised by",
            FinderPurpose::NameForNote => "Name for the note",
            FinderPurpose::MergeInto(_) => "Merge into the entry that stays",
        }
    }

    /// What Enter does, in the hint line: "inscribe", "give the floor".
    pub fn verb(self) -> &'static str {
        match self {
            FinderPurpose::Inscribe | FinderPurpose::RightOfReply => "inscribe",
            FinderPurpose::PointOfOrder => "give the floor",
            FinderPurpose::NameForNote => "insert",
            FinderPurpose::MergeInto(_) => "merge into",
        }
    }

    /// Whether the finder asks who the speaker speaks for.
    pub fn asks_group(self) -> bool {
        !matches!(
            self,
            FinderPurpose::NameForNote | FinderPurpose::MergeInto(_)
        )
    }
}

/// What the finder hands back once the user confirms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinderOutcome {
    pub speaker: Speaker,
    pub on_behalf_of: Option<String>,
    /// The kind chosen in the finder; `None` leaves it to the usual kind of the speaker.
    pub kind: Option<InterventionKind>,
}

/// Which field the keys type into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Field {
    #[default]
    Speaker,
    OnBehalfOf,
}

/// Where the finder is in its short dialogue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Step {
    /// Typing a name (and perhaps a group) and choosing among the matches.
    #[default]
    Search,
    /// A name found nowhere is being added: which category is it?
    Category {
        name: String,
        /// Position in `Category::ALL`.
        selected: usize,
    },
}

/// One row of the speaker list, for drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeakerRow<'a> {
    /// The name to show; for the last row, the typed name to add.
    pub name: &'a str,
    pub category: Option<Category>,
    /// Set when the speaker is already on the session's roster.
    pub participant: Option<ParticipantId>,
    /// The row offering to add the typed name as a new participant.
    pub new_name: bool,
}

#[derive(Debug, Clone)]
pub struct Finder {
    pub purpose: FinderPurpose,
    /// What was typed in the Speaker field.
    pub query: String,
    /// What was typed in the "On behalf of" field.
    pub on_behalf_of: String,
    pub field: Field,
    /// Matches, best first, each with the name to show.
    pub matches: Vec<(String, Speaker)>,
    /// The typed name, offered as a new participant in a row after the matches that name it
    /// plainly and before the weak ones; `None` when nothing is typed or the typed text is
    /// exactly a known name.
    pub new_name: Option<String>,
    /// How many of the matches, from the first, name what was typed plainly: only these come
    /// before the offer to add the name, so that Enter never takes a weak match.
    pub plain_matches: usize,
    /// The highlighted row of the speaker list: a match, or the new name's row.
    pub selected: usize,
    /// Groups matching the "On behalf of" field, best first.
    pub groups: Vec<GroupSuggestion>,
    /// The typed group, offered as it is in a last row after the suggestions; `None` when
    /// nothing is typed or the text is exactly a suggestion.
    pub group_typed: Option<String>,
    /// The highlighted row of the group suggestions, if any: with nothing typed and nothing
    /// highlighted the speaker speaks for themselves.
    pub group_selected: Option<usize>,
    pub step: Step,
    /// The kind of intervention chosen with its key; `None` until then: the usual kind
    /// (`domain::usual_kind`) of whoever is chosen.
    pub kind: Option<InterventionKind>,
}

impl Finder {
    pub fn new(purpose: FinderPurpose, record: &SessionRecord) -> Finder {
        let mut f = Finder {
            purpose,
            query: String::new(),
            on_behalf_of: String::new(),
            field: Field::Speaker,
            matches: Vec::new(),
            new_name: None,
            plain_matches: 0,
            selected: 0,
            groups: Vec::new(),
            group_typed: None,
            group_selected: None,
            step: Step::Search,
            kind: None,
        };
        f.refresh(record);
        f
    }

    /// A key the keymap did not take: typing into the active field (or, while a category is
    /// chosen, a letter jumps to the category starting with it and Backspace goes back to
    /// the name).
    pub fn input(&mut self, key: KeyEvent, record: &SessionRecord) {
        if let Step::Category { selected, .. } = &mut self.step {
            match key.code {
                KeyCode::Char(c) if !has_command_modifier(&key) => {
                    *selected = next_category_starting_with(c, *selected);
                }
                KeyCode::Backspace => {
                    self.step = Step::Search;
                    self.field = Field::Speaker;
                }
                _ => {}
            }
            return;
        }
        if let Some(e) = Edit::from_key(&key) {
            self.edit(e, record);
        }
    }

    /// An edit of the active field through the one single-line input (typed, pasted, a word
    /// or the line deleted). Nothing is typed while a category is being chosen.
    pub fn edit(&mut self, e: Edit, record: &SessionRecord) {
        if self.step != Step::Search {
            return;
        }
        let text = match self.field {
            Field::Speaker => &mut self.query,
            Field::OnBehalfOf => &mut self.on_behalf_of,
        };
        if input::edit(text, e) {
            self.typed(record);
        }
    }

    /// Pasted text goes into the active field, first line only.
    pub fn paste(&mut self, text: &str, record: &SessionRecord) {
        self.edit(Edit::Paste(text), record);
    }

    /// Tab: between the Speaker field and the "On behalf of" field. The speaker highlighted
    /// stays highlighted.
    pub fn next_field(&mut self, record: &SessionRecord) {
        if self.step != Step::Search || !self.purpose.asks_group() {
            return;
        }
        self.field = match self.field {
            Field::Speaker => Field::OnBehalfOf,
            Field::OnBehalfOf => Field::Speaker,
        };
        self.refresh(record);
    }

    pub fn select_next(&mut self) {
        match (&mut self.step, self.field) {
            (Step::Category { selected, .. }, _) => {
                *selected = (*selected + 1).min(Category::ALL.len() - 1);
            }
            (Step::Search, Field::Speaker) => {
                let rows = self.speaker_rows();
                if rows > 0 {
                    self.selected = (self.selected + 1).min(rows - 1);
                }
            }
            (Step::Search, Field::OnBehalfOf) => {
                let rows = self.group_rows();
                if rows > 0 {
                    self.group_selected = Some(match self.group_selected {
                        None => 0,
                        Some(i) => (i + 1).min(rows - 1),
                    });
                }
            }
        }
    }

    pub fn select_previous(&mut self) {
        match (&mut self.step, self.field) {
            (Step::Category { selected, .. }, _) => *selected = selected.saturating_sub(1),
            (Step::Search, Field::Speaker) => self.selected = self.selected.saturating_sub(1),
            (Step::Search, Field::OnBehalfOf) => {
                self.group_selected = match self.group_selected {
                    // With nothing typed, up from the first suggestion is "for themselves".
                    Some(0) if self.on_behalf_of.trim().is_empty() => None,
                    Some(i) => Some(i.saturating_sub(1)),
                    None => None,
                }
            }
        }
    }

    /// Enter: the outcome, or `None` when there is nothing to choose yet or when a new name
    /// goes on to the choice of its category. The finder stays open in both cases.
    pub fn confirm(&mut self, _record: &SessionRecord) -> Option<FinderOutcome> {
        let speaker = match &self.step {
            Step::Category { name, selected } => Speaker::New {
                name: name.clone(),
                category: Category::ALL[(*selected).min(Category::ALL.len() - 1)],
                organisation: None,
            },
            Step::Search => {
                if let Some(SpeakerRowAt::Match(i)) = self.row_at(self.selected) {
                    self.matches[i].1.clone()
                } else if let Some(name) = self.new_name.clone() {
                    let guess = likely_category(&name);
                    let selected = Category::ALL
                        .iter()
                        .position(|c| *c == guess)
                        .unwrap_or(Category::ALL.len() - 1);
                    self.step = Step::Category { name, selected };
                    return None;
                } else {
                    // Nothing to inscribe: the name is what is missing.
                    self.field = Field::Speaker;
                    return None;
                }
            }
        };
        Some(FinderOutcome {
            speaker,
            on_behalf_of: self.chosen_group(),
            kind: self.kind,
        })
    }

    /// Enter in the finder of a name for the note: the highlighted name as the record writes
    /// it, or `None` when no row is there to take. The offer to add a name found nowhere gives
    /// the typed text as written, without the step that asks its category: see
    /// `App::insert_chosen_name` for why nobody is added from here.
    pub fn name_for_note(&self, record: &SessionRecord) -> Option<String> {
        match self.row_at(self.selected)? {
            SpeakerRowAt::Match(i) => Some(match &self.matches[i].1 {
                Speaker::Existing(id) => record.speaker_name(*id).to_owned(),
                Speaker::New { name, .. } => name.clone(),
            }),
            SpeakerRowAt::NewName => self.new_name.clone(),
        }
    }

    /// The participant of the session's roster highlighted, if that is what is highlighted
    /// (not a name from the roster that ships with the app, nor a new one).
    pub fn chosen_on_roster(&self) -> Option<ParticipantId> {
        match self.row_at(self.selected)? {
            SpeakerRowAt::Match(i) => match &self.matches[i].1 {
                Speaker::Existing(id) => Some(*id),
                Speaker::New { .. } => None,
            },
            SpeakerRowAt::NewName => None,
        }
    }

    /// The kind key: the next kind of a place on the list, from the one shown (`usual`,
    /// until a kind is chosen). A right of reply or a point of order is its own finder.
    pub fn next_kind(&mut self, usual: InterventionKind) {
        if self.purpose == FinderPurpose::Inscribe {
            self.kind = Some(crate::domain::next_inscribed_kind(
                self.kind.unwrap_or(usual),
            ));
        }
    }

    /// The group the outcome will name: the highlighted suggestion, or the text as typed.
    pub fn chosen_group(&self) -> Option<String> {
        match self.group_selected {
            Some(i) if i < self.groups.len() => Some(self.groups[i].name.clone()),
            Some(i) if i == self.groups.len() => self.group_typed.clone(),
            // Nothing typed (or only punctuation) and nothing highlighted: for itself.
            _ => None,
        }
    }

    /// The name of the highlighted speaker, or of the new name offered, for the UI.
    pub fn chosen_name(&self) -> Option<&str> {
        match &self.step {
            Step::Category { name, .. } => Some(name),
            Step::Search => match self.row_at(self.selected)? {
                SpeakerRowAt::Match(i) => Some(self.matches[i].0.as_str()),
                SpeakerRowAt::NewName => self.new_name.as_deref(),
            },
        }
    }

    /// Whether the highlighted row of the speaker list is the offer to add the typed name.
    pub fn new_name_selected(&self) -> bool {
        self.row_at(self.selected) == Some(SpeakerRowAt::NewName)
    }

    /// What row `row` of the speaker list shows: the plain matches, the offer to add the
    /// typed name, then the weak matches.
    fn row_at(&self, row: usize) -> Option<SpeakerRowAt> {
        let plain = self.plain_matches.min(self.matches.len());
        match &self.new_name {
            None => (row < self.matches.len()).then_some(SpeakerRowAt::Match(row)),
            Some(_) if row < plain => Some(SpeakerRowAt::Match(row)),
            Some(_) if row == plain => Some(SpeakerRowAt::NewName),
            Some(_) => (row <= self.matches.len()).then(|| SpeakerRowAt::Match(row - 1)),
        }
    }

    /// Rows of the speaker list: the matches, then the offer to add the typed name.
    pub fn speaker_rows(&self) -> usize {
        self.matches.len() + usize::from(self.new_name.is_some())
    }

    /// Rows of the group list: the suggestions, then the typed group as it is.
    pub fn group_rows(&self) -> usize {
        self.groups.len() + usize::from(self.group_typed.is_some())
    }

    /// Whether the keys type into the "On behalf of" field.
    pub fn typing_group(&self) -> bool {
        self.step == Step::Search && self.field == Field::OnBehalfOf
    }

    /// While a new name waits for its category: the name, the highlighted position in
    /// `Category::ALL` and the category its words suggest.
    pub fn category_step(&self) -> Option<(&str, usize, Category)> {
        match &self.step {
            Step::Category { name, selected } => Some((name, *selected, likely_category(name))),
            Step::Search => None,
        }
    }

    /// The speaker list as it is shown: the plain matches, the offer to add the typed name,
    /// then the weak matches.
    pub fn speaker_list<'a>(&'a self, record: &SessionRecord) -> Vec<SpeakerRow<'a>> {
        (0..self.speaker_rows())
            .filter_map(|row| self.row_at(row))
            .map(|at| match at {
                SpeakerRowAt::Match(i) => self.match_row(i, record),
                SpeakerRowAt::NewName => SpeakerRow {
                    name: self.new_name.as_deref().unwrap_or_default(),
                    category: None,
                    participant: None,
                    new_name: true,
                },
            })
            .collect()
    }

    fn match_row<'a>(&'a self, i: usize, record: &SessionRecord) -> SpeakerRow<'a> {
        let (name, speaker) = &self.matches[i];
        match speaker {
            Speaker::Existing(id) => SpeakerRow {
                name,
                category: record.participant(*id).map(|p| p.category),
                participant: Some(*id),
                new_name: false,
            },
            Speaker::New { category, .. } => SpeakerRow {
                name,
                category: Some(*category),
                participant: None,
                new_name: false,
            },
        }
    }

    /// A field's text changed: the best row is highlighted again.
    fn typed(&mut self, record: &SessionRecord) {
        match self.field {
            Field::Speaker => self.selected = 0,
            Field::OnBehalfOf => {
                self.group_selected = (!self.on_behalf_of.trim().is_empty()).then_some(0)
            }
        }
        self.refresh(record);
    }

    /// Recomputes the matches and the group suggestions for what is typed.
    pub fn refresh(&mut self, record: &SessionRecord) {
        let found = find_speakers(&self.query, record);
        self.matches = found.matches;
        self.plain_matches = match found.fit {
            Fit::Exact => self.matches.len(),
            Fit::Good(n) => n,
            Fit::Weak => 0,
        };
        let typed = self.query.trim();
        self.new_name = (found.fit != Fit::Exact && !search_key(typed).is_empty())
            .then(|| collapse_spaces(typed));
        self.selected = self.selected.min(self.speaker_rows().saturating_sub(1));

        let (groups, exact) = find_groups(&self.on_behalf_of, record);
        self.groups = groups;
        let typed = self.on_behalf_of.trim();
        self.group_typed =
            (!exact && !search_key(typed).is_empty()).then(|| collapse_spaces(typed));
        let rows = self.group_rows();
        self.group_selected = match self.group_selected {
            _ if rows == 0 => None,
            Some(i) => Some(i.min(rows - 1)),
            None => None,
        };
    }
}

/// What a row of the speaker list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpeakerRowAt {
    Match(usize),
    NewName,
}

/// The next category (after `from`, wrapping) whose label starts with `c`; `from` if none.
fn next_category_starting_with(c: char, from: usize) -> usize {
    let c = c.to_lowercase().next().unwrap_or(c);
    let n = Category::ALL.len();
    (1..=n)
        .map(|step| (from + step) % n)
        .find(|&i| {
            Category::ALL[i]
                .label()
                .chars()
                .next()
                .and_then(|first| first.to_lowercase().next())
                == Some(c)
        })
        .unwrap_or(from)
}

/// Ctrl or Alt: a command, not a letter to type.
fn has_command_modifier(key: &KeyEvent) -> bool {
    key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::{AgendaItemId, Inscription, Participant, SessionId};

    fn record_with(names: &[(&str, Category)]) -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), now, "Europe/Vienna");
        for (i, (name, category)) in names.iter().enumerate() {
            record.participants.push(Participant {
                id: ParticipantId(i as u32 + 1),
                name: name.to_string(),
                category: *category,
                attendance: Default::default(),
                organisation: None,
            });
        }
        record
    }

    fn empty() -> SessionRecord {
        record_with(&[])
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_in(f: &mut Finder, text: &str, record: &SessionRecord) {
        for c in text.chars() {
            f.input(key(KeyCode::Char(c)), record);
        }
    }

    fn finder(text: &str, record: &SessionRecord) -> Finder {
        let mut f = Finder::new(FinderPurpose::Inscribe, record);
        type_in(&mut f, text, record);
        f
    }

    fn first(text: &str, record: &SessionRecord) -> String {
        finder(text, record)
            .matches
            .first()
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| panic!("nothing found for {text:?}"))
    }

    fn names(f: &Finder) -> Vec<&str> {
        f.matches.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn short_forms_find_the_right_delegation_first() {
        let record = empty();
        for (typed, expected) in [
            ("UK", "United Kingdom of Great Britain and Northern Ireland"),
            ("uk", "United Kingdom of Great Britain and Northern Ireland"),
            (
                "U.K.",
                "United Kingdom of Great Britain and Northern Ireland",
            ),
            ("USA", "United States of America"),
            ("US", "United States of America"),
            ("Turkey", "Türkiye"),
            ("Türkiye", "Türkiye"),
            ("turkiye", "Türkiye"),
            ("Iran", "Iran (Islamic Republic of)"),
            ("EU", "European Union"),
            ("Russia", "Russian Federation"),
            ("DRC", "Democratic Republic of the Congo"),
            ("Congo", "Congo"),
            ("Niger", "Niger"),
            ("Guinea", "Guinea"),
            ("Netherlands", "Netherlands (Kingdom of the)"),
        ] {
            assert_eq!(first(typed, &record), expected, "typed {typed:?}");
        }
    }

    #[test]
    fn an_alias_shows_the_real_name_and_offers_no_new_name() {
        let record = empty();
        let f = finder("UK", &record);
        assert_eq!(
            f.matches[0],
            (
                "United Kingdom of Great Britain and Northern Ireland".to_string(),
                Speaker::New {
                    name: "United Kingdom of Great Britain and Northern Ireland".into(),
                    category: Category::MemberState,
                    organisation: None,
                }
            )
        );
        assert_eq!(f.new_name, None, "an exact match needs no offer to add it");
    }

    #[test]
    fn prefixes_come_before_fuzzy_matches() {
        let record = empty();
        let f = finder("nig", &record);
        assert_eq!(names(&f)[..2], ["Niger", "Nigeria"]);
        let f = finder("guinea", &record);
        assert_eq!(names(&f)[..2], ["Guinea", "Guinea-Bissau"]);
        // Then the names with a word starting so, before letters scattered in a long name.
        let f = finder("korea", &record);
        assert_eq!(
            names(&f),
            [
                "Democratic People's Republic of Korea",
                "Republic of Korea",
                "United Kingdom of Great Britain and Northern Ireland"
            ]
        );
        let f = finder("ger", &record);
        assert_eq!(names(&f)[..4], ["Germany", "Niger", "Algeria", "Nigeria"]);
    }

    #[test]
    fn fuzzy_typos_still_find_the_delegation() {
        let record = empty();
        assert_eq!(first("grmany", &record), "Germany");
        assert_eq!(first("swtzrland", &record), "Switzerland");
        assert_eq!(
            first("united kin", &record),
            names(&finder("UK", &record))[0]
        );
    }

    #[test]
    fn accents_and_apostrophes_do_not_matter() {
        let record = empty();
        assert_eq!(first("cote d'ivoire", &record), "Côte d'Ivoire");
        assert_eq!(first("cote divoire", &record), "Côte d'Ivoire");
        assert_eq!(first("COTE D’IVOIRE", &record), "Côte d'Ivoire");
        assert_eq!(first("sao tome", &record), "Sao Tome and Principe");
    }

    #[test]
    fn the_sessions_participants_rank_before_the_shipped_roster_at_equal_match() {
        let record = record_with(&[("Mali Women's Network", Category::Ngo)]);
        let f = finder("mal", &record);
        assert_eq!(
            f.matches[0],
            (
                "Mali Women's Network".into(),
                Speaker::Existing(ParticipantId(1))
            )
        );
        assert!(names(&f).contains(&"Malaysia"), "{:?}", names(&f));
        // An exact name still beats a participant that only starts with it.
        assert_eq!(first("mali", &record), "Mali");
    }

    #[test]
    fn a_shipped_entry_already_on_the_roster_is_found_as_the_participant() {
        // Imported under a former name: "Türkiye" and its aliases find the participant.
        let record = record_with(&[
            ("Turkey", Category::MemberState),
            ("France", Category::MemberState),
        ]);
        for typed in ["türkiye", "Turkey", "turk"] {
            let f = finder(typed, &record);
            assert_eq!(
                f.matches[0].1,
                Speaker::Existing(ParticipantId(1)),
                "{typed}"
            );
            assert!(
                !names(&f).contains(&"Türkiye"),
                "no second Türkiye: {:?}",
                names(&f)
            );
        }
        let f = finder("fra", &record);
        assert_eq!(f.matches[0].1, Speaker::Existing(ParticipantId(2)));
        assert_eq!(names(&f).iter().filter(|n| **n == "France").count(), 1);
    }

    #[test]
    fn at_most_eight_matches_then_the_new_name() {
        let record = empty();
        let f = finder("a", &record);
        assert_eq!(f.matches.len(), SHOWN);
        assert_eq!(f.new_name.as_deref(), Some("a"));
        assert_eq!(f.speaker_rows(), SHOWN + 1);
    }

    #[test]
    fn with_nothing_typed_the_latest_speakers_come_first() {
        let mut record = record_with(&[
            ("France", Category::MemberState),
            ("Brazil", Category::MemberState),
            ("Kenya", Category::MemberState),
        ]);
        // Brazil waits on the list; the latest inscribed or to speak comes first.
        record
            .list_mut(AgendaItemId(1))
            .inscribe(Inscription::statement(ParticipantId(2)))
            .unwrap();
        let f = Finder::new(FinderPurpose::Inscribe, &record);
        assert_eq!(names(&f), ["Brazil", "Kenya", "France"]);
        assert_eq!(f.new_name, None);
    }

    #[test]
    fn confirm_with_nothing_typed_on_an_empty_roster_returns_none() {
        let record = empty();
        let mut f = Finder::new(FinderPurpose::Inscribe, &record);
        assert!(f.matches.is_empty());
        assert_eq!(f.confirm(&record), None);
        f.next_field(&record);
        assert_eq!(f.confirm(&record), None);
        assert_eq!(f.field, Field::Speaker, "back to the name that is missing");
    }

    #[test]
    fn confirming_a_match_hands_it_back() {
        let record = record_with(&[("France", Category::MemberState)]);
        let mut f = finder("fra", &record);
        assert_eq!(
            f.confirm(&record),
            Some(FinderOutcome {
                speaker: Speaker::Existing(ParticipantId(1)),
                on_behalf_of: None,
                kind: None,
            })
        );
        let mut f = finder("grmany", &record);
        assert_eq!(
            f.confirm(&record).map(|o| o.speaker),
            Some(Speaker::New {
                name: "Germany".into(),
                category: Category::MemberState,
                organisation: None,
            })
        );
    }

    #[test]
    fn a_name_found_nowhere_is_added_with_its_category() {
        let record = empty();
        let mut f = finder("Survivors  Alliance Network", &record);
        assert_eq!(f.new_name.as_deref(), Some("Survivors Alliance Network"));
        // The offer is the last row.
        while !f.new_name_selected() {
            f.select_next();
        }
        assert_eq!(f.confirm(&record), None, "on to the category, not done yet");
        let Step::Category { name, selected } = &f.step else {
            panic!("expected the category step, got {:?}", f.step);
        };
        assert_eq!(name, "Survivors Alliance Network");
        assert_eq!(Category::ALL[*selected], Category::Ngo);
        f.select_next();
        assert_eq!(
            f.confirm(&record),
            Some(FinderOutcome {
                speaker: Speaker::New {
                    name: "Survivors Alliance Network".into(),
                    category: Category::Academia,
                    organisation: None,
                },
                on_behalf_of: None,
                kind: None,
            })
        );
    }

    #[test]
    fn a_name_without_matches_goes_straight_to_its_category() {
        let record = empty();
        let mut f = finder("Qzxv Institute", &record);
        assert!(f.matches.is_empty(), "{:?}", names(&f));
        assert_eq!(f.confirm(&record), None);
        assert!(matches!(f.step, Step::Category { .. }));
        f.select_previous();
        let outcome = f.confirm(&record).expect("a category was chosen");
        assert_eq!(
            outcome.speaker,
            Speaker::New {
                name: "Qzxv Institute".into(),
                category: Category::Ngo,
                organisation: None,
            }
        );
    }

    #[test]
    fn backspace_in_the_category_step_goes_back_to_the_name() {
        let record = empty();
        let mut f = finder("Qzxv", &record);
        f.confirm(&record);
        f.input(key(KeyCode::Char('a')), &record);
        assert_eq!(
            f.step,
            Step::Category {
                name: "Qzxv".into(),
                selected: Category::ALL
                    .iter()
                    .position(|c| *c == Category::Academia)
                    .unwrap(),
            },
            "a letter jumps to the category starting with it"
        );
        f.input(key(KeyCode::Backspace), &record);
        assert_eq!(f.step, Step::Search);
        assert_eq!(f.query, "Qzxv");
    }

    #[test]
    fn the_category_of_a_new_name_is_guessed_from_its_words() {
        for (name, category) in [
            ("Global Survivors Network", Category::Ngo),
            ("Walk Free Foundation", Category::Ngo),
            ("Association for Migrants", Category::Ngo),
            ("Coalition against Trafficking in Women", Category::Ngo),
            ("Freedom Initiative", Category::Ngo),
            ("Terre des Hommes", Category::Ngo),
            ("Human Rights Watch", Category::Ngo),
            ("Amnesty International", Category::Ngo),
            ("Médecins Sans Frontières", Category::Ngo),
            ("Caritas Internationalis", Category::Ngo),
            ("Justice Defenders", Category::Ngo),
            ("University of Vienna", Category::Academia),
            ("Université de Genève", Category::Academia),
            ("Max Planck Institute", Category::Academia),
            ("Tech Against Trafficking Ltd", Category::PrivateSector),
            ("Maria Grazia Giammarinaro", Category::Other),
            ("Universal Rights Group", Category::Other),
        ] {
            assert_eq!(likely_category(name), category, "{name}");
        }
    }

    #[test]
    fn on_behalf_of_a_suggested_group() {
        let record = record_with(&[("Egypt", Category::MemberState)]);
        let mut f = finder("egy", &record);
        f.next_field(&record);
        assert_eq!(f.field, Field::OnBehalfOf);
        type_in(&mut f, "afr", &record);
        assert_eq!(f.groups[0].name, "Group of African States");
        assert_eq!(f.group_typed.as_deref(), Some("afr"));
        let outcome = f.confirm(&record).expect("Egypt is highlighted");
        assert_eq!(outcome.speaker, Speaker::Existing(ParticipantId(1)));
        assert_eq!(
            outcome.on_behalf_of.as_deref(),
            Some("Group of African States")
        );
    }

    #[test]
    fn group_short_forms_and_arrows() {
        let record = empty();
        for (typed, expected) in [
            ("g77", "Group of 77 and China"),
            ("G-77", "Group of 77 and China"),
            ("EU", "European Union"),
            ("weog", "Western European and other States Group"),
            ("grulac", "Group of Latin American and Caribbean States"),
            ("latin", "Group of Latin American and Caribbean States"),
            ("arab", "League of Arab States"),
            ("caricom", "CARICOM"),
        ] {
            let (groups, _) = find_groups(typed, &record);
            assert_eq!(groups[0].name, expected, "{typed}");
        }
        let mut f = finder("Brazil", &record);
        f.next_field(&record);
        type_in(&mut f, "group of", &record);
        f.select_next();
        let second = f.groups[1].name.clone();
        assert_eq!(f.confirm(&record).unwrap().on_behalf_of, Some(second));
    }

    #[test]
    fn on_behalf_of_free_text() {
        let record = record_with(&[("Norway", Category::MemberState)]);
        let mut f = finder("norw", &record);
        f.next_field(&record);
        type_in(&mut f, "Friends of the Chair", &record);
        assert!(f.groups.is_empty(), "{:?}", f.groups);
        let outcome = f.confirm(&record).unwrap();
        assert_eq!(outcome.speaker, Speaker::Existing(ParticipantId(1)));
        assert_eq!(
            outcome.on_behalf_of.as_deref(),
            Some("Friends of the Chair")
        );
        // Text that only starts like a suggestion can still be taken as typed, from the last row.
        let mut f = finder("norw", &record);
        f.next_field(&record);
        type_in(&mut f, "Nordic", &record);
        assert_eq!(f.groups[0].name, "Nordic countries");
        for _ in 0..f.group_rows() {
            f.select_next();
        }
        assert_eq!(
            f.confirm(&record).unwrap().on_behalf_of.as_deref(),
            Some("Nordic")
        );
    }

    #[test]
    fn an_empty_group_field_means_for_themselves() {
        let record = record_with(&[("Norway", Category::MemberState)]);
        let mut f = finder("norway", &record);
        f.next_field(&record);
        assert!(!f.groups.is_empty(), "suggestions before typing");
        assert_eq!(f.group_selected, None);
        f.next_field(&record);
        assert_eq!(f.confirm(&record).unwrap().on_behalf_of, None);
        // Choosing a suggestion with the arrows alone, then changing one's mind.
        f.next_field(&record);
        f.select_next();
        assert_eq!(f.chosen_group(), Some(f.groups[0].name.clone()));
        f.select_previous();
        assert_eq!(f.chosen_group(), None);
    }

    #[test]
    fn groups_used_in_the_session_are_suggested_first() {
        let mut record = record_with(&[("Chile", Category::MemberState)]);
        let list = record.list_mut(AgendaItemId(1));
        list.inscribe(Inscription {
            on_behalf_of: Some("Group of Friends of Chile".into()),
            ..Inscription::statement(ParticipantId(1))
        })
        .unwrap();
        list.inscribe(Inscription {
            on_behalf_of: Some("G77".into()),
            ..Inscription::statement(ParticipantId(1))
        })
        .unwrap();
        let (groups, _) = find_groups("", &record);
        assert_eq!(groups[0].name, "Group of 77 and China");
        assert!(groups[0].used_in_session);
        assert_eq!(groups[1].name, "Group of Friends of Chile");
        assert!(!groups[2].used_in_session);
        let (groups, exact) = find_groups("friends of ch", &record);
        assert_eq!(groups[0].name, "Group of Friends of Chile");
        assert!(!exact);
    }

    #[test]
    fn switching_fields_keeps_the_speaker_highlighted() {
        let record = empty();
        let mut f = finder("nig", &record);
        f.select_next();
        assert_eq!(f.chosen_name(), Some("Nigeria"));
        f.next_field(&record);
        type_in(&mut f, "afr", &record);
        f.select_next();
        f.next_field(&record);
        assert_eq!(f.chosen_name(), Some("Nigeria"));
        let outcome = f.confirm(&record).unwrap();
        assert_eq!(
            outcome.speaker,
            Speaker::New {
                name: "Nigeria".into(),
                category: Category::MemberState,
                organisation: None,
            }
        );
    }

    #[test]
    fn editing_keys_and_paste() {
        let record = empty();
        let mut f = finder("Save the Children", &record);
        f.edit(Edit::DeleteWord, &record);
        assert_eq!(f.query, "Save the ");
        f.edit(Edit::Clear, &record);
        assert_eq!(f.query, "");
        f.paste("Ivory Coast\nsecond line", &record);
        assert_eq!(f.query, "Ivory Coast");
        assert_eq!(f.matches[0].0, "Côte d'Ivoire");
        f.input(
            KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT),
            &record,
        );
        assert_eq!(f.query, "Ivory Coast", "alt-x is a command, not a letter");
    }

    #[test]
    fn the_whole_roster_is_searched_quickly() {
        let record = empty();
        let started = std::time::Instant::now();
        let mut f = Finder::new(FinderPurpose::Inscribe, &record);
        type_in(&mut f, "republic of", &record);
        // Eleven keystrokes, each a full search; generous for a debug build on a slow CI.
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        assert!(!f.matches.is_empty());
    }

    #[test]
    fn a_name_for_the_note_is_the_records_name_or_the_text_as_typed() {
        let record = record_with(&[("Kenya", Category::MemberState)]);
        let mut f = Finder::new(FinderPurpose::NameForNote, &record);
        type_in(&mut f, "ken", &record);
        assert_eq!(f.name_for_note(&record).as_deref(), Some("Kenya"));
        // A country of the shipped roster not on the session's: its name, nobody added.
        let mut f = Finder::new(FinderPurpose::NameForNote, &record);
        type_in(&mut f, "mex", &record);
        assert_eq!(f.name_for_note(&record).as_deref(), Some("Mexico"));
        // A name found nowhere is taken as typed, with no category asked.
        let mut f = Finder::new(FinderPurpose::NameForNote, &record);
        type_in(&mut f, "the  Friends of Zorro", &record);
        while !f.new_name_selected() {
            f.select_next();
        }
        assert_eq!(
            f.name_for_note(&record).as_deref(),
            Some("the Friends of Zorro")
        );
        assert_eq!(f.step, Step::Search);
        // There is no group to choose: tab stays in the name.
        f.next_field(&record);
        assert!(!f.typing_group());
    }
}
