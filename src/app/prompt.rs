//! One-line questions: the time limit of one speaker, set before or during their
//! intervention, and where to write an export.

use super::{App, Focus, LimitTarget, Overlay, Prompt, Question};
use crate::domain::{clock_face, InterventionId, SessionRecord};
use crate::export::{export_to_file, ExportError, Format, Scope};
use chrono::{DateTime, Utc};

/// An export asked for in the app. Writing a large session takes a noticeable moment (a
/// 10,000-intervention DOCX, 0.3 s), so the loop writes it on a thread of its own and the
/// screen goes on meanwhile.
#[derive(Debug, Clone)]
pub struct ExportJob {
    /// The session as it stood when the export was asked for.
    pub record: SessionRecord,
    /// The whole session; for a recording's cues, the meeting in view.
    pub scope: Scope,
    pub format: Format,
    pub path: std::path::PathBuf,
    pub now: DateTime<Utc>,
}

impl ExportJob {
    /// Writes the file (whole or not at all).
    pub fn run(&self) -> Result<(), ExportError> {
        export_to_file(&self.record, self.scope, self.format, &self.path, self.now)
    }
}

/// Reads a time limit as a chair says it: "3" (minutes), "2:30", "90s", "4m", "1m30",
/// "1 min 30 s". "none" (or an empty answer) means the session's limit applies again.
pub fn parse_limit(text: &str) -> Result<Option<u32>, String> {
    crate::domain::parse_duration(text).map_err(|e| e.to_string())
}

impl App {
    /// Asks for the time limit of the speaker selected in the list, or else of the speaker on
    /// the floor.
    pub(super) fn ask_time_limit(&mut self) {
        let on_list = self.focus == Focus::Speakers
            && self.log_selection().is_none()
            && self.selected < self.current_list_len();
        let (target, name, current) = if on_list {
            let item = self.agenda_item;
            let Some(ins) = self
                .record
                .list(item)
                .and_then(|l| l.in_order().nth(self.selected))
            else {
                return;
            };
            let category = self
                .record
                .participant(ins.speaker)
                .map(|p| p.category)
                .unwrap_or(crate::domain::Category::Other);
            let limit = self
                .record
                .session
                .time_limits
                .for_inscription(category, ins);
            (
                LimitTarget::Inscription {
                    agenda_item: item,
                    position: self.selected,
                },
                self.record.speaker_name(ins.speaker).to_string(),
                limit,
            )
        } else if let Some(iv) = self.record.floor() {
            (
                LimitTarget::Floor(iv.id),
                self.record.speaker_name(iv.speaker).to_string(),
                iv.time_limit_secs,
            )
        } else {
            self.warn("Select a speaker on the list, or give the floor, to set a time limit");
            return;
        };
        self.open(Overlay::Prompt(Prompt::new(
            Question::TimeLimit(target),
            format!(
                "Time limit for {name} (now {}): ",
                current
                    .map(|s| clock_face(i64::from(s)))
                    .unwrap_or_else(|| "none".into())
            ),
            String::new(),
        )));
    }

    /// Asks where to export the session, proposing a name in the current directory.
    pub(super) fn ask_export_path(&mut self) {
        let body: String = self
            .record
            .session
            .body
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_alphanumeric())
            .collect();
        let name = format!(
            "{}-{}.md",
            if body.is_empty() {
                "session".into()
            } else {
                body
            },
            self.record.session.first_day.format("%Y-%m-%d")
        );
        let dir = std::env::current_dir().unwrap_or_default();
        self.open(Overlay::Prompt(Prompt::new(
            Question::ExportTo,
            format!("Export to ({}): ", Format::extensions_listed(" ")),
            dir.join(name).display().to_string(),
        )));
    }

    fn export(&mut self, mut prompt: Prompt, now: DateTime<Utc>) {
        let path = std::path::PathBuf::from(prompt.input.trim());
        let Some(format) = Format::from_path(&path) else {
            prompt.error = Some(format!(
                "end the file name with the format: {} (.txt: Audacity's labels of the \
                 meeting's recording)",
                Format::extensions_listed(", ")
            ));
            self.open(Overlay::Prompt(prompt));
            return;
        };
        if let Some(writing) = &self.exporting {
            prompt.error = Some(format!(
                "the export to {} is still being written; wait for it",
                writing.input.trim()
            ));
            self.open(Overlay::Prompt(prompt));
            return;
        }
        self.say(format!("Exporting the session to {}…", path.display()));
        // A recording is per meeting: its cues are those of the meeting in view.
        let scope = Scope {
            meeting: format.is_cues().then_some(self.meeting),
            agenda_item: None,
        };
        self.exports.push(ExportJob {
            record: self.record.clone(),
            scope,
            format,
            path,
            now,
        });
        self.exporting = Some(prompt);
    }

    /// The outcome of the export asked for last: said on the status line, or, if it failed,
    /// its question asked again with the reason, the path there to be corrected (nothing of
    /// the record is lost either way).
    pub fn on_export_done(&mut self, outcome: Result<(), String>) {
        let Some(mut prompt) = self.exporting.take() else {
            return;
        };
        match outcome {
            Ok(()) => self.say(format!("Exported the session to {}", prompt.input.trim())),
            Err(e) => {
                // The question says why; "Exporting…" no longer holds.
                self.message = None;
                prompt.error = Some(e);
                self.open(Overlay::Prompt(prompt));
            }
        }
    }

    /// Writes the exports asked for here and now, on this thread: for a caller without a
    /// thread to spare, and for tests.
    pub fn run_exports_here(&mut self) {
        for job in std::mem::take(&mut self.exports) {
            let outcome = job.run().map_err(|e| e.to_string());
            self.on_export_done(outcome);
        }
    }

    pub(super) fn answer_prompt(&mut self, now: DateTime<Utc>) {
        let Some(Overlay::Prompt(mut prompt)) = self.overlays.pop() else {
            return;
        };
        let target = match prompt.purpose {
            Question::TimeLimit(target) => target,
            Question::ExportTo => return self.export(prompt, now),
            Question::Setup(question) => return self.answer_setup(question, prompt),
        };
        let limit = match parse_limit(&prompt.input) {
            Ok(limit) => limit,
            Err(e) => {
                prompt.error = Some(e);
                self.open(Overlay::Prompt(prompt));
                return;
            }
        };
        let shown = limit
            .map(|s| clock_face(i64::from(s)))
            .unwrap_or_else(|| "the session's".into());
        match target {
            LimitTarget::Inscription {
                agenda_item,
                position,
            } => {
                let list = self.record.list_mut(agenda_item);
                let Some(ins) = list
                    .speakers
                    .iter_mut()
                    .chain(list.replies.iter_mut())
                    .nth(position)
                else {
                    return;
                };
                ins.time_limit_secs = limit;
                let speaker = ins.speaker;
                let name = self.record.speaker_name(speaker).to_string();
                self.save_list();
                self.say(format!("Time limit for {name}: {shown}"));
            }
            LimitTarget::Floor(id) => {
                let session_limit = self.session_limit_of(id);
                let Some(iv) = self.intervention_mut(id) else {
                    return;
                };
                iv.time_limit_secs = limit.or(session_limit);
                let name = self.speaker_of(id);
                self.save_intervention(id);
                self.say(format!("Time limit for {name}: {shown}"));
            }
        }
    }

    /// The limit the session's rules give an intervention, for when the chair takes back a
    /// limit set for it alone.
    fn session_limit_of(&self, id: InterventionId) -> Option<u32> {
        let iv = self.record.interventions.iter().find(|i| i.id == id)?;
        let category = self.record.participant(iv.speaker)?.category;
        let as_inscribed = crate::domain::Inscription {
            speaker: iv.speaker,
            on_behalf_of: iv.on_behalf_of.clone(),
            kind: iv.kind,
            time_limit_secs: None,
        };
        self.record
            .session
            .time_limits
            .for_inscription(category, &as_inscribed)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_limit;

    /// The rules are the duration reader's (`domain::duration`); the prompt only words them.
    #[test]
    fn the_prompt_reads_limits_with_the_one_duration_reader() {
        assert_eq!(parse_limit("2:30"), Ok(Some(150)));
        assert_eq!(parse_limit(""), Ok(None));
        assert!(parse_limit("three")
            .unwrap_err()
            .contains("not a time limit"));
    }
}
