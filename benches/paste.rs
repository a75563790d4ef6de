//! A 1 MB bracketed paste into the note editor, taken in one go, and the frame drawn after
//! it; beside it, the reference of copying the same megabyte into a `String`, measured in the
//! same run.

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::{SessionId, SessionRecord};
use rapporteur::keymap::Keymap;

/// About a megabyte of notes in several scripts, with Windows line ends as a paste brings them.
fn megabyte() -> String {
    let line = "Le représentant a souligné — العربية — 中文记录 — русский — 🙂 #cooperation\r\n";
    line.repeat(1_000_000 / line.len() + 1)
}

fn paste(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2026, 7, 2, 8, 0, 0).unwrap();
    let text = megabyte();
    let record = SessionRecord::starter(SessionId(1), now, "Europe/Vienna");
    let mut group = c.benchmark_group("paste_1mb");
    group.sample_size(10);
    group.bench_function("reference: copy 1 MB into a String", |b| {
        b.iter(|| std::hint::black_box(text.clone()))
    });
    group.bench_function("paste into the editor and draw a frame", |b| {
        b.iter_batched(
            || {
                let mut app = App::new(record.clone(), Keymap::default_keymap());
                app.update(Action::FocusNotes, now);
                let terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
                (app, terminal)
            },
            |(mut app, mut terminal)| {
                app.handle_paste(&text, now);
                terminal
                    .draw(|f| rapporteur::ui::draw(f, &app, now))
                    .unwrap();
                (app, terminal)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, paste);
criterion_main!(benches);
