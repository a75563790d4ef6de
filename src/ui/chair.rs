//! The chair's view: who has the floor, the time they have left in large digits, the next two
//! speakers and when the list will end, readable from across a table or on a projector.

use chrono::{DateTime, Utc};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};

use crate::action::Action;
use crate::app::App;
use crate::domain::{clock_face, Category, Intervention, InterventionKind, Phase, TimerReading};
use crate::keymap::Context;

/// The large digits, from the largest to the smallest: the pixel size and the cells one
/// character takes (width, height). Below the smallest the time is plain text.
const SIZES: [(PixelSize, u16, u16); 3] = [
    (PixelSize::Full, 8, 8),
    (PixelSize::HalfHeight, 8, 4),
    (PixelSize::Quadrant, 4, 4),
];

/// What the view shows, before it is fitted to the screen.
struct Screen<'a> {
    /// Who has the floor (or that no one has it).
    heading: Vec<Line<'a>>,
    /// The time, in large digits if they fit.
    clock: Option<(String, Style)>,
    /// Right under the time: over time, paused, elapsed and limit.
    status: Vec<Line<'a>>,
    /// Budgets, the next speakers, the forecast: separated by a blank line when there is room.
    sections: Vec<Vec<Line<'a>>>,
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let record = &app.record;
    let floor = record.floor();
    let reading = floor.map(|iv| TimerReading::in_session(record, iv, now));
    let colour = reading
        .map(|r| super::timer::phase_colour(r.phase))
        .unwrap_or(Color::DarkGray);
    let item = record
        .agenda_item(app.agenda_item)
        .map(|a| a.heading())
        .unwrap_or_else(|| "no agenda item".into());
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(Style::new().fg(colour))
        .title(format!(" Chair · {item} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut screen = match (floor, reading) {
        (Some(iv), Some(reading)) => speaking(app, iv, reading, now),
        _ => vacant(app),
    };
    screen.sections.push(next_speakers(app));
    if let Some(forecast) = crate::stats::list_forecast(record, app.agenda_item, app.meeting, now) {
        let style = if forecast.margin_secs.is_some_and(|m| m < 0) {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Cyan)
        };
        screen.sections.push(vec![Line::styled(
            forecast.sentence(record.session.tz()),
            style,
        )]);
    }
    place(frame, inner, screen);
}

/// Someone has the floor: their name, the time they have left, and how it stands.
fn speaking<'a>(
    app: &'a App,
    iv: &'a Intervention,
    reading: TimerReading,
    now: DateTime<Utc>,
) -> Screen<'a> {
    let record = &app.record;
    let colour = super::timer::phase_colour(reading.phase);
    let mut who = super::timer::who_speaks(record, iv);
    if iv.kind != InterventionKind::Statement {
        who.push(Span::styled(
            format!(" · {}", iv.kind.label()),
            Style::new().fg(Color::Gray),
        ));
    }
    if let Some(interrupted) = iv
        .interrupts
        .and_then(|id| record.interventions.iter().find(|i| i.id == id))
    {
        who.push(Span::styled(
            format!(
                ", interrupting {}",
                record.speaker_name(interrupted.speaker)
            ),
            Style::new().fg(Color::Gray),
        ));
    }

    let clock = match reading.remaining {
        Some(left) if left < 0 => format!("+{}", clock_face(-left)),
        Some(left) => clock_face(left),
        // No limit (a point of order): the time spoken, counting up.
        None => clock_face(reading.elapsed),
    };
    let banner = |text: &'a str, fg: Color, bg: Color| {
        Line::styled(
            text,
            Style::new().fg(fg).bg(bg).add_modifier(Modifier::BOLD),
        )
    };
    let budget = reading.budget.is_some();
    let word = match (reading.phase, reading.remaining) {
        (Phase::Paused, _) => banner(" PAUSED ", Color::Black, Color::Yellow),
        (Phase::Over, _) if budget => banner(" OVER THE BUDGET ", Color::White, Color::Red),
        (Phase::Over, _) => banner(" OVER TIME ", Color::White, Color::Red),
        (_, None) => Line::styled("no time limit", Style::new().fg(Color::Gray)),
        (Phase::Warning, _) => Line::styled(
            if budget {
                "left · the budget runs out"
            } else {
                "left · the limit nears"
            },
            Style::new().fg(colour).add_modifier(Modifier::BOLD),
        ),
        _ => Line::styled("left", Style::new().fg(colour)),
    };
    let mut small = format!("elapsed {}", clock_face(reading.elapsed));
    if let Some(limit) = reading.limit {
        small.push_str(&format!(" · limit {}", clock_face(i64::from(limit))));
    }
    if let Some(holder) = reading
        .budget
        .and_then(|i| record.session.budgets.get(i))
        .map(|b| b.holder_label(record))
    {
        small.push_str(&format!(" · budget of {holder} first"));
    }
    let budgets: Vec<Line> = record
        .session
        .budgets
        .iter()
        .filter(|b| b.agenda_item == iv.agenda_item)
        .filter(|b| b.covers(record, iv.speaker, iv.on_behalf_of.as_deref()))
        .map(|b| super::speakers::budget_line(app, b, now))
        .collect();
    let mut sections = Vec::new();
    if !budgets.is_empty() {
        sections.push(budgets);
    }
    Screen {
        heading: vec![Line::from(who)],
        clock: Some((clock, Style::new().fg(colour).add_modifier(Modifier::BOLD))),
        status: vec![word, Line::styled(small, Style::new().fg(Color::Gray))],
        sections,
    }
}

/// No one has the floor: say so, and which key gives it to whom.
fn vacant(app: &App) -> Screen<'_> {
    let next = app
        .record
        .list(app.agenda_item)
        .and_then(|l| l.in_order().next())
        .map(|ins| app.record.speaker_name(ins.speaker));
    let key = app
        .keymap
        .keys_for(Context::Chair, Action::GiveFloor)
        .into_iter()
        .next();
    let hint = match (key, next) {
        (Some(key), Some(next)) => format!("Press {key} to give the floor to {next}"),
        (None, Some(next)) => format!("Next to speak: {next}"),
        (_, None) => "No one is inscribed on this item's list".to_string(),
    };
    Screen {
        heading: vec![Line::styled(
            "No one has the floor",
            Style::new().add_modifier(Modifier::BOLD),
        )],
        clock: None,
        status: vec![Line::styled(hint, Style::new().fg(Color::Cyan))],
        sections: Vec::new(),
    }
}

/// The next two speakers on the current list, with whom they speak for and their limit.
fn next_speakers(app: &App) -> Vec<Line<'_>> {
    let record = &app.record;
    let Some(list) = record.list(app.agenda_item).filter(|l| !l.is_empty()) else {
        return vec![Line::styled(
            "No one else is inscribed",
            Style::new().fg(Color::Gray),
        )];
    };
    let mut heading = format!("Next speakers ({} inscribed", list.len());
    if list.closed {
        heading.push_str(", list closed");
    }
    heading.push(')');
    let mut lines = vec![Line::styled(heading, Style::new().fg(Color::Gray))];
    for (i, ins) in list.in_order().take(2).enumerate() {
        let category = record
            .participant(ins.speaker)
            .map(|p| p.category)
            .unwrap_or(Category::Other);
        let limit = record
            .session
            .time_limits
            .for_inscription(category, ins)
            .map(|l| clock_face(i64::from(l)))
            .unwrap_or_else(|| "no limit".into());
        let mut spans = vec![
            Span::styled(format!("{}. ", i + 1), Style::new().fg(Color::Gray)),
            Span::styled(
                record.speaker_name(ins.speaker),
                Style::new().add_modifier(Modifier::BOLD),
            ),
        ];
        if let Some(group) = &ins.on_behalf_of {
            spans.push(Span::raw(format!(" for {group}")));
        }
        if ins.kind != InterventionKind::Statement {
            spans.push(Span::raw(format!(" · {}", ins.kind.label())));
        }
        spans.push(Span::styled(
            format!(" · {limit}"),
            Style::new().fg(Color::Gray),
        ));
        lines.push(Line::from(spans));
    }
    lines
}

/// Fits the screen into `area`: the largest digits that leave room for everything else,
/// blank lines between sections if there is room for them too, centred top to bottom.
/// Whatever cannot fit is cut at the bottom, never drawn outside `area`.
fn place(frame: &mut Frame, area: Rect, screen: Screen) {
    let glyphs = screen
        .clock
        .as_ref()
        .map(|(text, _)| text.chars().count() as u16)
        .unwrap_or(0);
    let rows = |lines: &[Line]| lines.len() as u16;
    let text_rows = rows(&screen.heading)
        + rows(&screen.status)
        + screen.sections.iter().map(|s| rows(s)).sum::<u16>();
    // Blank lines: after the heading, and before each section.
    let gaps = 1 + screen.sections.len() as u16;
    let clock_rows = |size: Option<(PixelSize, u16, u16)>| match (&screen.clock, size) {
        (None, _) => 0,
        (Some(_), None) => 1,
        (Some(_), Some((_, _, h))) => h,
    };
    let fits = |spaced: bool, size: Option<(PixelSize, u16, u16)>| {
        let width_ok = size.is_none_or(|(_, w, _)| glyphs.saturating_mul(w) <= area.width);
        let height = text_rows + clock_rows(size) + if spaced { gaps } else { 0 };
        width_ok && height <= area.height
    };
    let mut choices = [true, false].into_iter().flat_map(|spaced| {
        SIZES
            .into_iter()
            .map(Some)
            .chain([None])
            .map(move |size| (spaced, size))
    });
    let (spaced, size) = choices
        .find(|(spaced, size)| fits(*spaced, *size))
        .unwrap_or((false, None));
    let height = text_rows + clock_rows(size) + if spaced { gaps } else { 0 };
    let mut rest = area;
    take(&mut rest, area.height.saturating_sub(height) / 2);

    lines(frame, &mut rest, screen.heading);
    if spaced {
        take(&mut rest, 1);
    }
    if let Some((text, style)) = screen.clock {
        match size {
            Some((pixel_size, _, h)) => {
                let big = BigText::builder()
                    .pixel_size(pixel_size)
                    .style(style)
                    .alignment(Alignment::Center)
                    .lines(vec![Line::from(text)])
                    .build();
                frame.render_widget(big, take(&mut rest, h));
            }
            None => lines(frame, &mut rest, vec![Line::styled(text, style)]),
        }
    }
    lines(frame, &mut rest, screen.status);
    for section in screen.sections {
        if spaced {
            take(&mut rest, 1);
        }
        lines(frame, &mut rest, section);
    }
}

/// Draws centred lines at the top of `rest` and takes their rows from it.
fn lines(frame: &mut Frame, rest: &mut Rect, lines: Vec<Line>) {
    let area = take(rest, lines.len() as u16);
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
}

/// Takes up to `rows` rows off the top of `rest`.
fn take(rest: &mut Rect, rows: u16) -> Rect {
    let rows = rows.min(rest.height);
    let top = Rect {
        height: rows,
        ..*rest
    };
    rest.y += rows;
    rest.height -= rows;
    top
}

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;
    use crate::keymap::Keymap;
    use crate::stats::testing::{known_session, t};

    fn render(app: &App, width: u16, height: u16, now: DateTime<Utc>) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| draw(frame, frame.area(), app, now))
            .unwrap();
        terminal.backend().to_string()
    }

    fn chair(record: crate::domain::SessionRecord) -> App {
        App::new(record, Keymap::default_keymap())
    }

    #[test]
    fn never_panics_at_any_size() {
        let speaking = chair(known_session());
        let mut record = known_session();
        record.interventions[6].end(t(1100));
        let vacant = chair(record);
        for width in (1..=90).chain([120, 200, 400]) {
            for height in (1..=40).chain([60, 120]) {
                for now in [t(1100), t(1160), t(1250), t(5000)] {
                    render(&speaking, width, height, now);
                }
                render(&vacant, width, height, t(1100));
            }
        }
    }

    /// How many rows carry pixels of the large digits, and whether half-cell pixels are used.
    fn digits(screen: &str) -> (usize, bool) {
        let rows = screen
            .lines()
            .filter(|l| l.contains(['█', '▀', '▄', '▌', '▐', '▘', '▝', '▖', '▗']))
            .count();
        (rows, screen.contains(['▀', '▄', '▘', '▝', '▖', '▗']))
    }

    #[test]
    fn the_digits_shrink_then_give_way_to_plain_text() {
        let app = chair(known_session());
        // 80 s left: "01:20", five characters.
        assert_eq!(digits(&render(&app, 80, 30, t(1100))), (7, false));
        let half = render(&app, 80, 18, t(1100));
        assert_eq!(digits(&half), (4, true), "{half}");
        let quadrant = render(&app, 30, 16, t(1100));
        assert_eq!(digits(&quadrant), (4, true), "{quadrant}");
        let plain = render(&app, 30, 8, t(1100));
        assert_eq!(digits(&plain).0, 0, "{plain}");
        assert!(plain.contains("01:20"), "{plain}");
        assert!(plain.contains("Survivors' Voices Network"), "{plain}");
    }

    #[test]
    fn over_time_shows_plus_and_the_words() {
        let app = chair(known_session());
        let plain = render(&app, 40, 8, t(1250));
        assert!(plain.contains("+01:10"), "{plain}");
        assert!(plain.contains("OVER TIME"), "{plain}");
    }
}
