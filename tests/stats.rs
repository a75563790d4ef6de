//! The chair's view and the statistics, drawn on ratatui's TestBackend from a known session at
//! a fixed time and compared with the reviewed snapshots in tests/snapshots.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::Terminal;
use serde_json::json;

use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::*;
use rapporteur::keymap::Keymap;

/// The fake clock: seconds after 10:00 in Vienna (08:00 UTC).
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

/// An intervention made from its stored form, so that fields added later take their defaults.
fn intervention(
    id: u64,
    speaker: u32,
    item: u32,
    (from, to): (i64, Option<i64>),
    limit: Option<u32>,
) -> Intervention {
    serde_json::from_value(json!({
        "id": id,
        "meeting": 1,
        "agenda_item": item,
        "speaker": speaker,
        "kind": "statement",
        "started_at": t(from),
        "ended_at": to.map(t),
        "time_limit_secs": limit,
    }))
    .unwrap()
}

/// The 1st meeting (10:00–13:00 in Vienna) of a session: item 1 is done (France over time,
/// Hungary for the European Union, Brazil interrupted by a point of order, a floor given to
/// the NGO by mistake); on item 2 France spoke over time and the NGO has had the floor since
/// `t(1000)` with 3 minutes; Brazil, Hungary for the European Union and a right of reply of
/// the Russian Federation wait. The NGOs have a budget of 5 minutes on item 2.
fn session() -> SessionRecord {
    let mut record = SessionRecord::starter(SessionId(1), t(0), "Europe/Vienna");
    record.session.body = "Working Group on Trafficking in Persons".into();
    record.session.number = "Thirteenth session".into();
    record.agenda = vec![
        AgendaItem {
            id: AgendaItemId(1),
            number: "1".into(),
            title: "Child trafficking".into(),
        },
        AgendaItem {
            id: AgendaItemId(2),
            number: "2".into(),
            title: "Smuggling of migrants".into(),
        },
    ];
    for (i, (name, category)) in [
        ("France", "member_state"),
        ("Brazil", "member_state"),
        ("Hungary", "member_state"),
        ("Survivors' Voices Network", "ngo"),
        ("Russian Federation", "member_state"),
    ]
    .into_iter()
    .enumerate()
    {
        record.participants.push(
            serde_json::from_value(json!({"id": i + 1, "name": name, "category": category}))
                .unwrap(),
        );
    }
    let mut hungary = intervention(2, 3, 1, (200, Some(480)), Some(300));
    hungary.on_behalf_of = Some("European Union".into());
    let mut brazil = intervention(3, 2, 1, (480, Some(700)), Some(180));
    brazil.pauses.push(Pause {
        from: t(550),
        until: Some(t(610)),
    });
    let mut point = intervention(4, 5, 1, (550, Some(610)), None);
    point.kind = InterventionKind::PointOfOrder;
    point.interrupts = Some(InterventionId(3));
    let mut mistake = intervention(5, 4, 1, (700, Some(705)), Some(180));
    mistake.given_by_mistake = true;
    record.interventions = vec![
        intervention(1, 1, 1, (0, Some(200)), Some(180)),
        hungary,
        brazil,
        point,
        mistake,
        intervention(6, 1, 2, (800, Some(1000)), Some(180)),
        intervention(7, 4, 2, (1000, None), Some(180)),
    ];
    let list = record.list_mut(AgendaItemId(2));
    list.inscribe(Inscription::statement(ParticipantId(2)))
        .unwrap();
    list.inscribe(Inscription {
        on_behalf_of: Some("European Union".into()),
        ..Inscription::statement(ParticipantId(3))
    })
    .unwrap();
    list.inscribe(Inscription {
        kind: InterventionKind::RightOfReply,
        ..Inscription::statement(ParticipantId(5))
    })
    .unwrap();
    record.session.budgets.push(TimeBudget {
        agenda_item: AgendaItemId(2),
        holder: BudgetHolder::Category(Category::Ngo),
        secs: 300,
    });
    record
}

/// The app with `view` (the chair's view, the statistics) opened by its action.
fn app(record: SessionRecord, view: Action) -> App {
    let mut app = App::new(record, Keymap::default_keymap());
    // The word at the start on the clock that ran on is not what these views show.
    app.message = None;
    app.update(view, t(0));
    app
}

fn buffer(app: &App, width: u16, height: u16, now: DateTime<Utc>) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, now))
        .unwrap();
    terminal.backend().buffer().clone()
}

fn render(app: &App, width: u16, height: u16, now: DateTime<Utc>) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| rapporteur::ui::draw(frame, app, now))
        .unwrap();
    terminal.backend().to_string()
}

/// The colours of the large digits' pixels.
fn digit_colours(buffer: &Buffer) -> Vec<Color> {
    let mut colours: Vec<Color> = buffer
        .content()
        .iter()
        .filter(|c| c.symbol() == "█")
        .map(|c| c.fg)
        .collect();
    colours.dedup();
    colours
}

#[test]
fn chair_view_with_the_limit_near() {
    let app = app(session(), Action::ChairView);
    // The NGO has spoken 2:40 of 3:00.
    let now = t(1160);
    insta::assert_snapshot!(render(&app, 80, 28, now));
    assert_eq!(digit_colours(&buffer(&app, 80, 28, now)), [Color::Yellow]);
    assert_eq!(
        digit_colours(&buffer(&app, 80, 28, t(1100))),
        [Color::Green]
    );
}

#[test]
fn chair_view_over_time() {
    let app = app(session(), Action::ChairView);
    // 1:10 over the limit, and the NGOs' budget spent.
    let now = t(1250);
    insta::assert_snapshot!(render(&app, 80, 28, now));
    assert_eq!(digit_colours(&buffer(&app, 80, 28, now)), [Color::Red]);
}

#[test]
fn chair_view_paused_on_a_small_terminal() {
    let mut record = session();
    record.interventions[6].pause(t(1100));
    let app = app(record, Action::ChairView);
    insta::assert_snapshot!(render(&app, 60, 16, t(1500)));
}

#[test]
fn chair_view_with_no_one_on_the_floor() {
    let mut record = session();
    record.interventions[6].end(t(1100));
    let app = app(record, Action::ChairView);
    insta::assert_snapshot!(render(&app, 80, 20, t(1130)));
}

#[test]
fn statistics_by_delegation() {
    let app = app(session(), Action::Statistics);
    insta::assert_snapshot!(render(&app, 100, 20, t(1100)));
}

#[test]
fn statistics_by_agenda_item_after_two_tabs() {
    let mut app = app(session(), Action::Statistics);
    app.update(Action::NextField, t(1100));
    app.update(Action::NextField, t(1100));
    insta::assert_snapshot!(render(&app, 100, 20, t(1100)));
    let buffer = buffer(&app, 100, 20, t(1100));
    let selected: String = (0..100)
        .map(|x| &buffer[(x, 1)])
        .filter(|c| c.bg == Color::Cyan)
        .map(|c| c.symbol())
        .collect();
    assert_eq!(selected.trim(), "By agenda item");
}

#[test]
fn no_view_panics_at_any_size() {
    let mut vacant = session();
    vacant.interventions[6].end(t(1100));
    let apps = [
        app(session(), Action::ChairView),
        app(vacant, Action::ChairView),
        app(session(), Action::Statistics),
    ];
    let widths = (1..=12).chain((13..=400).step_by(11)).chain([400]);
    for width in widths {
        for height in (1..=12).chain((13..=120).step_by(7)).chain([120]) {
            for app in &apps {
                for now in [t(1100), t(1250)] {
                    buffer(app, width, height, now);
                }
            }
        }
    }
}
