//! Giving the floor and inscribing, killed at random moments through the real binary: no
//! speaker is ever lost. A floor change takes the speaker off the list, ends the intervention
//! before and opens theirs; an inscription of a new participant adds them and puts them on the
//! list. Each is one user action, saved whole or not at all: after a kill, every participant
//! of the session is still on the list or has an intervention.
//!
//! The app is started on a session of delegations all inscribed, then keys come fast — the
//! floor given to the next speaker, or a new delegation inscribed — until a SIGKILL at a
//! random moment; the store is then opened and checked, and the next round goes on from it.
//!
//! Three rounds by default; `RAPPORTEUR_SOAK=1` for 300, or `RAPPORTEUR_KILL_ROUNDS=N`.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::{keys, PtyApp};
use rapporteur::domain::{
    Attendance, Category, Inscription, InterventionKind, Participant, ParticipantId, SessionId,
    SessionRecord, SpeakersList,
};
use rapporteur::store::Store;

const DEFAULT_ROUNDS: usize = 3;
const SOAK_ROUNDS: usize = 300;
const DELEGATIONS: u32 = 150;

fn rounds() -> usize {
    if let Ok(n) = std::env::var("RAPPORTEUR_KILL_ROUNDS") {
        return n
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("RAPPORTEUR_KILL_ROUNDS={n:?} is not a number of rounds"));
    }
    match std::env::var("RAPPORTEUR_SOAK") {
        Ok(v) if v == "1" => SOAK_ROUNDS,
        _ => DEFAULT_ROUNDS,
    }
}

/// splitmix64: the same round, the same keys and the same moment of the kill.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn millis(&mut self, lo: u64, hi: u64) -> Duration {
        Duration::from_millis(lo + self.next() % (hi - lo + 1))
    }
}

/// A session whose list of speakers holds every one of its delegations.
fn all_inscribed() -> SessionRecord {
    let mut record = SessionRecord::starter(SessionId(1), chrono::Utc::now(), "UTC");
    let item = record.agenda[0].id;
    let mut list = SpeakersList {
        agenda_item: item,
        speakers: Vec::new(),
        replies: Vec::new(),
        closed: false,
    };
    for n in 1..=DELEGATIONS {
        record.participants.push(Participant {
            id: ParticipantId(n),
            name: format!("Delegation {n:03}"),
            category: Category::MemberState,
            attendance: Attendance::default(),
            organisation: None,
        });
        list.speakers.push(Inscription {
            speaker: ParticipantId(n),
            on_behalf_of: None,
            kind: InterventionKind::Statement,
            time_limit_secs: None,
        });
    }
    record.lists.push(list);
    record
}

/// The participants of the session that are neither on a list nor have an intervention.
fn lost_speakers(record: &SessionRecord) -> Vec<String> {
    record
        .participants
        .iter()
        .filter(|p| {
            let listed = record.lists.iter().any(|l| {
                l.speakers
                    .iter()
                    .chain(&l.replies)
                    .any(|i| i.speaker == p.id)
            });
            let spoke = record.interventions.iter().any(|iv| iv.speaker == p.id);
            !listed && !spoke
        })
        .map(|p| p.name.clone())
        .collect()
}

fn reopen(store: &Path, round: usize) -> SessionRecord {
    let opened = Store::open(store)
        .unwrap_or_else(|e| panic!("round {round}: the store of a killed app must open: {e}"));
    let id = opened.most_recent_session().unwrap().expect("the session");
    opened.load(id).unwrap()
}

/// A name that matches none of the delegations nor, but by a rare chance, any other of these
/// (the finder forgives a letter or two amiss), so that the finder offers it as new.
fn new_name(rng: &mut Rng) -> String {
    let letters: String = (0..8)
        .map(|_| char::from(b'a' + (rng.next() % 26) as u8))
        .collect();
    format!("Qz {letters}")
}

/// Sends floor changes and inscriptions of new delegations, a few milliseconds apart, until
/// `kill_at`; returns how many of each were sent.
fn act_until(app: &mut PtyApp, kill_at: Instant, rng: &mut Rng) -> (usize, usize) {
    let (mut floors, mut inscriptions) = (0, 0);
    while Instant::now() < kill_at {
        if rng.next().is_multiple_of(2) {
            app.send(keys::CTRL_N);
            floors += 1;
        } else {
            // The name, then its category (the one suggested): a new participant and their
            // place on the list, one action.
            app.send(keys::CTRL_L);
            app.send(&new_name(rng));
            app.send(keys::ENTER);
            app.send(keys::ENTER);
            inscriptions += 1;
        }
        std::thread::sleep(
            rng.millis(2, 25)
                .min(kill_at.saturating_duration_since(Instant::now())),
        );
    }
    (floors, inscriptions)
}

#[test]
fn no_kill_in_the_middle_of_a_floor_change_or_an_inscription_loses_a_speaker() {
    let rounds = rounds();
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let store = dir.path().join("store");
    {
        let opened = Store::open(&store).unwrap();
        opened.save_record(&all_inscribed()).unwrap();
    }
    let mut sent = (0, 0);
    for round in 1..=rounds {
        let mut rng = Rng(round as u64);
        let mut app = common::start_app(&store, 110, 32);
        let kill_at = Instant::now() + rng.millis(150, 1200);
        let (floors, inscriptions) = act_until(&mut app, kill_at, &mut rng);
        sent.0 += floors;
        sent.1 += inscriptions;
        assert!(
            app.try_exit().is_none(),
            "round {round}: the app stopped by itself before the kill\n{}",
            app.screen()
        );
        app.kill();
        drop(app);

        let record = reopen(&store, round);
        let lost = lost_speakers(&record);
        let open = record
            .interventions
            .iter()
            .filter(|iv| iv.has_floor())
            .count();
        eprintln!(
            "round {round:>3}: {floors} floors and {inscriptions} inscriptions sent; store: {} \
             participants, {} interventions, {} on the list, {} lost",
            record.participants.len(),
            record.interventions.len(),
            record.lists.iter().map(|l| l.speakers.len()).sum::<usize>(),
            lost.len()
        );
        assert!(
            lost.is_empty(),
            "round {round}: speakers off the list with no intervention: {lost:?}"
        );
        assert!(
            open <= 1,
            "round {round}: {open} interventions hold the floor"
        );
    }
    let record = reopen(&store, rounds);
    let added = record.participants.len() - DELEGATIONS as usize;
    eprintln!(
        "{rounds} kills after {} floor changes and {} inscriptions sent: 0 speakers lost; \
         {} floors and {added} new participants in the store",
        sent.0,
        sent.1,
        record.interventions.len()
    );
    // The keys did what they are sent for: the test would prove nothing otherwise.
    assert!(added > 0, "no new participant was ever inscribed");
    assert!(
        !record.interventions.is_empty(),
        "the floor was never given"
    );
}
