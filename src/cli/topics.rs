//! `rapporteur topics [list|label|unlabel]`: the topics rapporteurs tagged statements with,
//! and the headings the Chair's summary gives them.

use clap::{Args, Subcommand};

use super::record_change::change_record;
use crate::domain::{self, SessionId, SessionRecord};
use crate::export::words::topic_name;

#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// The session (default: the one `rapporteur` opens)
    #[arg(long, global = true)]
    pub session: Option<u64>,
    #[command(subcommand)]
    pub command: Option<TopicsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum TopicsCommand {
    /// Each topic, how many statements the draft groups under it, and its heading there
    /// (what `topics` alone does)
    List,
    /// Give a topic its heading in the drafts: `topics label victim-centred "Victim-centred
    /// approach"`
    Label {
        /// The tag, with or without its #
        tag: String,
        /// The heading, one line
        heading: String,
    },
    /// Take a topic's heading off: the drafts read the tag as its words again
    Unlabel {
        /// The tag, with or without its #
        tag: String,
    },
}

pub fn run(db: Option<std::path::PathBuf>, args: TopicsArgs) -> anyhow::Result<()> {
    let store = super::open_store(db)?;
    let id = super::existing_session(&store, args.session.map(SessionId))?;
    let command = args.command.unwrap_or(TopicsCommand::List);
    let (said, record) = change_record(&store, id, |r| change(r, &command))?;
    if !said.is_empty() {
        println!("{said}\n");
    }
    print!("{}", list(&record));
    Ok(())
}

/// Makes the change asked for; what to tell the user.
fn change(r: &mut SessionRecord, command: &TopicsCommand) -> anyhow::Result<String> {
    Ok(match command {
        TopicsCommand::List => String::new(),
        TopicsCommand::Label { tag, heading } => {
            let was = domain::label_topic(r, tag, heading)?;
            let tag = domain::tag_named(tag)?;
            let heading = &r.session.topic_labels[&tag];
            let mut said = match was {
                Some(was) if &was == heading => format!("#{tag} already reads \"{heading}\"."),
                Some(was) => format!("#{tag} now reads \"{heading}\" (was \"{was}\")."),
                None => format!("#{tag} now reads \"{heading}\" in the drafts."),
            };
            if !domain::topics(r).iter().any(|t| t.tag == tag) {
                said.push_str(&format!(
                    " No statement is tagged #{tag} yet: the heading is kept for when one is."
                ));
            }
            said
        }
        TopicsCommand::Unlabel { tag } => {
            let was = domain::unlabel_topic(r, tag)?;
            let tag = domain::tag_named(tag)?;
            format!(
                "#{tag} no longer reads \"{was}\": the drafts call it \"{}\".",
                topic_name(&tag, &r.session.topic_labels)
            )
        }
    })
}

/// The topics as a table, then the headings kept for tags no statement has yet.
fn list(r: &SessionRecord) -> String {
    let topics = domain::topics(r);
    let labels = &r.session.topic_labels;
    let mut out = String::new();
    if topics.is_empty() {
        out.push_str(&format!(
            "No statement of session {} is tagged with a topic yet: a #tag in a note \
             (#organ-removal) files it under that topic in the Chair's summary.\n",
            r.session.id
        ));
    } else {
        let width = topics
            .iter()
            .map(|t| t.tag.chars().count() + 1)
            .max()
            .unwrap_or(0)
            .max(5);
        out.push_str(&format!(
            "{:<width$}  {:>10}  {:>9}  HEADING IN THE DRAFT\n",
            "TOPIC", "GROUPED", "MENTIONED"
        ));
        for t in &topics {
            let own = if labels.contains_key(&t.tag) {
                ""
            } else {
                "  (the tag's words)"
            };
            out.push_str(&format!(
                "{:<width$}  {:>10}  {:>9}  {}{own}\n",
                format!("#{}", t.tag),
                t.grouped,
                t.mentioned,
                topic_name(&t.tag, labels)
            ));
        }
        out.push_str(
            "\nGROUPED: statements the draft files under the topic (their first tag); \
             MENTIONED: statements tagged with it anywhere.\n",
        );
    }
    let unused: Vec<String> = labels
        .iter()
        .filter(|(tag, _)| !topics.iter().any(|t| &&t.tag == tag))
        .map(|(tag, heading)| format!("  #{tag}: \"{heading}\"\n"))
        .collect();
    if !unused.is_empty() {
        out.push_str("\nHeadings kept for tags no statement has yet:\n");
        out.extend(unused);
    }
    out
}
