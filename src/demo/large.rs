//! The large session generator, for benchmarks and load tests: as many participants and
//! interventions as asked for, with notes in six languages, from a seeded generator.

use super::*;

/// A large session for benchmarks and load tests: `speakers` participants (the Chair, the
/// Secretariat, Member States from the built-in roster, then NGOs, academia and panellists with
/// generated names), `interventions` interventions on six agenda items with notes of 300–1,500
/// characters in six languages, and 200 inscriptions waiting on the list of the current item.
///
/// Speaking times are realistic (60–400 s, a statement's limit is 180 s), so the meetings
/// cannot all fit in four days: two meetings a day are held for as many days as the
/// interventions need (at least four, 134 for 10,000), ending the day before `now` in
/// Vienna. Deterministic: the same arguments give the same record.
pub fn large_record(
    id: SessionId,
    now: DateTime<Utc>,
    interventions: usize,
    speakers: usize,
) -> SessionRecord {
    let mut rng = Lcg(0x5eed_0000_u64 ^ (interventions as u64) << 20 ^ speakers as u64);
    let participants = large_participants(speakers.max(LARGE_FIRST_SPEAKER as usize + 1));
    let count = participants.len() as u32;
    let speaker_of = |rng: &mut Lcg| ParticipantId(LARGE_FIRST_SPEAKER + rng.below(count - 2));

    // First lay the turns out as (meeting index, seconds after 10:00 or 15:00), then date them.
    struct Laid {
        iv: Intervention,
        meeting: usize,
        start: i64,
        end: i64,
        pause: Option<(i64, i64)>,
    }
    let meeting_secs = 3 * 3600;
    let mut laid: Vec<Laid> = Vec::with_capacity(interventions);
    let (mut meeting, mut cursor) = (0usize, 300i64);
    let items = LARGE_ITEMS_SPOKEN_ON as usize;
    while laid.len() < interventions {
        let n = laid.len();
        let item = AgendaItemId(1 + (n * items / interventions.max(1)) as u32);
        let speaker = speaker_of(&mut rng);
        let category = participants[speaker.0 as usize - 1].category;
        let roll = rng.below(1000);
        let (kind, limit, secs, on_behalf_of) = if roll < 12 {
            (
                InterventionKind::RightOfReply,
                REPLY_LIMIT,
                60 + rng.below(100),
                None,
            )
        } else if category == Category::Panellist {
            (
                InterventionKind::PanelPresentation,
                PANEL_LIMIT,
                200 + rng.below(201),
                None,
            )
        } else if roll < 70 && category == Category::MemberState {
            let group = LARGE_GROUPS[rng.below(LARGE_GROUPS.len() as u32) as usize];
            (
                InterventionKind::Statement,
                GROUP_LIMIT,
                150 + rng.below(251),
                Some(group),
            )
        } else {
            (
                InterventionKind::Statement,
                DELEGATION_LIMIT,
                60 + rng.below(341),
                None,
            )
        };
        let secs = i64::from(secs);
        // About one statement in 200 is interrupted by a point of order.
        let interrupted = kind == InterventionKind::Statement && rng.below(200) == 0;
        let gap = 10 + i64::from(rng.below(50));
        let span = secs + if interrupted { 120 } else { 0 };
        if cursor + gap + span > meeting_secs - 60 {
            meeting += 1;
            cursor = 300 + i64::from(rng.below(600));
        }
        let start = cursor + gap;
        let mut iv = Intervention {
            on_behalf_of: on_behalf_of.map(str::to_string),
            time_limit_secs: Some(limit),
            ..Intervention::new(
                InterventionId(n as u64 + 1),
                meeting as u32 + 1,
                item,
                speaker,
                kind,
                DateTime::UNIX_EPOCH,
            )
        };
        iv.set_note(large_note(&mut rng));
        if interrupted && laid.len() + 1 < interventions {
            let after = 30 + i64::from(rng.below((secs - 40) as u32));
            let point_start = start + after + 5;
            let point_end = point_start + 20 + i64::from(rng.below(40));
            let resumed = point_end + RULING_SECS;
            let end = resumed + (secs - after);
            let mut point = Intervention {
                id: InterventionId(n as u64 + 2),
                speaker: speaker_of(&mut rng),
                on_behalf_of: None,
                kind: InterventionKind::PointOfOrder,
                time_limit_secs: None,
                interrupts: Some(iv.id),
                ..iv.clone()
            };
            point.set_note(format!(
                "Point of order on the relevance of the statement to the item under discussion. \
The Chair ruled that the speaker could continue. {}",
                LARGE_TAGS[rng.below(LARGE_TAGS.len() as u32) as usize]
            ));
            laid.push(Laid {
                iv,
                meeting,
                start,
                end,
                pause: Some((start + after, resumed)),
            });
            laid.push(Laid {
                iv: point,
                meeting,
                start: point_start,
                end: point_end,
                pause: None,
            });
            cursor = end;
        } else {
            laid.push(Laid {
                iv,
                meeting,
                start,
                end: start + secs,
                pause: None,
            });
            cursor = start + secs;
        }
    }

    // Both meetings of the last day are held, even when the interventions end in the first.
    let meeting_count = (meeting + 1).max(2 * DAYS as usize).next_multiple_of(2);
    let days = meeting_count.div_ceil(2) as u64;
    let last_day = now.with_timezone(&Vienna).date_naive() - Days::new(1);
    let first_day = last_day - Days::new(days - 1);
    let mut meetings: Vec<Meeting> = (0..days)
        .flat_map(|day| meetings(first_day + Days::new(day)).into_iter().take(2))
        .enumerate()
        .map(|(i, mut m)| {
            m.number = i as u32 + 1;
            m.note = format!(
                "The {} meeting was opened by the Chair. {}",
                crate::domain::ordinal(m.number),
                SENTENCES[i % SENTENCES.len()]
            );
            m
        })
        .collect();
    let start_of = |meetings: &[Meeting], index: usize| {
        let m = &meetings[index];
        let naive = m.date.and_time(m.scheduled_start);
        Vienna
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| naive.and_utc())
    };
    let starts: Vec<DateTime<Utc>> = (0..meetings.len())
        .map(|i| start_of(&meetings, i))
        .collect();
    let interventions: Vec<Intervention> = laid
        .into_iter()
        .map(|l| {
            let at = |secs: i64| starts[l.meeting] + TimeDelta::seconds(secs);
            let mut iv = l.iv;
            iv.started_at = at(l.start);
            iv.ended_at = Some(at(l.end));
            iv.pauses = l
                .pause
                .map(|(from, until)| Pause {
                    from: at(from),
                    until: Some(at(until)),
                })
                .into_iter()
                .collect();
            iv
        })
        .collect();
    meetings.truncate(meeting_count);

    let current = interventions
        .last()
        .map(|iv| iv.agenda_item)
        .unwrap_or(AgendaItemId(1));
    let mut lists: Vec<SpeakersList> = (1..current.0)
        .map(|item| SpeakersList {
            closed: true,
            ..SpeakersList::new(AgendaItemId(item))
        })
        .collect();
    lists.push(SpeakersList {
        agenda_item: current,
        speakers: (0..LARGE_WAITING)
            .map(|i| Inscription {
                speaker: ParticipantId(LARGE_FIRST_SPEAKER + (i as u32 * 7) % (count - 2)),
                on_behalf_of: None,
                kind: InterventionKind::Statement,
                time_limit_secs: None,
            })
            .collect(),
        replies: (0..2)
            .map(|i| Inscription {
                speaker: ParticipantId(LARGE_FIRST_SPEAKER + i * 11),
                on_behalf_of: None,
                kind: InterventionKind::RightOfReply,
                time_limit_secs: Some(REPLY_LIMIT),
            })
            .collect(),
        closed: false,
    });

    SessionRecord {
        session: Session {
            id,
            body: BODY.to_string(),
            number: "Fourteenth session (large)".to_string(),
            venue: VENUE.to_string(),
            first_day,
            last_day,
            time_zone: TIME_ZONE.to_string(),
            chairs: vec![CHAIR.to_string()],
            created_at: starts[0] - TimeDelta::minutes(50),
            time_limits: Default::default(),
            budgets: Vec::new(),
            conflicts: Vec::new(),
            topic_labels: Default::default(),
            abbreviations: Default::default(),
            roster_merges: Vec::new(),
        },
        meetings,
        agenda: LARGE_AGENDA
            .iter()
            .enumerate()
            .map(|(i, title)| AgendaItem {
                id: AgendaItemId(i as u32 + 1),
                number: (i + 1).to_string(),
                title: title.to_string(),
            })
            .collect(),
        participants,
        interventions,
        lists,
    }
}

/// The number of inscriptions waiting on the list of the current item of the large session.
pub const LARGE_WAITING: usize = 200;
/// Participants 1 and 2 are the Chair and the Secretariat, who do not take the floor.
const LARGE_FIRST_SPEAKER: u32 = 3;
/// The first six items are spoken on; "Other matters" and the report are still to come.
const LARGE_ITEMS_SPOKEN_ON: u32 = 6;

const LARGE_AGENDA: &[&str] = &[
    "Organizational matters",
    "Trafficking in persons for the purpose of organ removal",
    "Child trafficking, including recruitment and exploitation through online platforms",
    "Victim-centred and trauma-informed approaches in criminal justice responses",
    "Trafficking in persons in the context of armed conflict",
    "Technology-facilitated trafficking and financial investigations",
    "Other matters",
    "Adoption of the report",
];

const LARGE_GROUPS: &[&str] = &[
    "Group of African States",
    "Group of Asia-Pacific States",
    "Group of Latin American and Caribbean States",
    "Group of 77 and China",
    "European Union and its member States",
];

const LARGE_TAGS: &[&str] = &[
    "#victim-centred",
    "#international-cooperation",
    "#data-collection",
    "#organ-removal",
    "#child-trafficking",
    "#online-exploitation",
    "#technical-assistance",
    "#non-punishment",
];

/// Sentences of the kind a rapporteur writes, in the six official languages.
const SENTENCES: &[&str] = &[
    "Thanked the Chair and the Secretariat for the preparation of the session and aligned itself with the statement made on behalf of its regional group.",
    "Described recent amendments to its criminal code that extend the definition of exploitation and raise the penalties for offences against children.",
    "Stressed that identification of victims must not depend on their cooperation with law enforcement, and recalled the principle of non-punishment.",
    "Called for better data broken down by sex, age and form of exploitation, and offered to share its national methodology with interested States.",
    "Reported that specialised prosecutors had been appointed in every region and that convictions had risen by a third over two years.",
    "A présenté le plan d'action national contre la traite et souligné le rôle des comités locaux de protection de l'enfance.",
    "A insisté sur la nécessité d'une coopération judiciaire renforcée, notamment pour l'exécution des demandes d'entraide et les enquêtes financières.",
    "A rappelé que les victimes doivent avoir accès à une indemnisation effective, quel que soit leur statut migratoire.",
    "Presentó la estrategia nacional de prevención y destacó la coordinación entre fiscalías, policía y servicios sociales en las zonas fronterizas.",
    "Subrayó la importancia de la participación de las personas sobrevivientes en el diseño de las políticas públicas.",
    "Informó sobre un protocolo de atención a niñas, niños y adolescentes víctimas de trata con enfoque de género e interculturalidad.",
    "Представитель сообщил о создании национального механизма переадресации жертв и о подготовке более двух тысяч сотрудников полиции.",
    "Подчеркнул важность международного сотрудничества в расследовании преступлений, совершаемых с использованием информационных технологий.",
    "أكد الممثل على أهمية التعاون الدولي وتبادل المعلومات بين أجهزة إنفاذ القانون لمكافحة الاتجار بالبشر.",
    "أشار إلى إنشاء دور إيواء متخصصة للضحايا وتقديم الدعم النفسي والقانوني لهم.",
    "中国代表介绍了打击拐卖人口的国家行动计划，并强调了能力建设和技术援助的重要性。",
    "该代表团指出，网络平台应承担更多责任，及时发现并报告涉及儿童的剥削内容。",
    "Welcomed the report of the Secretariat and supported its recommendations on training for labour inspectors and consular staff.",
    "Expressed concern at the use of online recruitment and encrypted messaging by traffickers, and called on the private sector to act.",
    "Noted that the pandemic had delayed several trials and that victims had waited longer for protection and compensation.",
];

const LARGE_RECOMMENDATIONS: &[&str] = &[
    "R: Establish a national rapporteur or equivalent mechanism with a mandate to collect data.",
    "R: Ensure that child victims are assigned a guardian within 24 hours of identification.",
    "R: Renforcer la formation des inspecteurs du travail à la détection des cas de traite.",
    "R: Garantizar el acceso de las víctimas a una reparación integral.",
    "R: Разработать единые стандарты сбора данных о жертвах торговли людьми.",
    "R: تعزيز التعاون الإقليمي في مجال تسليم المجرمين وتبادل المساعدة القانونية.",
    "R: 加强与网络平台的合作，及时删除剥削儿童的内容。",
];

/// A note of 300–1,500 characters: sentences, sometimes a recommendation, and a few tags.
fn large_note(rng: &mut Lcg) -> String {
    let target = 300 + rng.below(1000) as usize;
    let mut note = String::new();
    let mut chars = 0;
    while chars < target {
        let sentence = SENTENCES[rng.below(SENTENCES.len() as u32) as usize];
        let len = sentence.chars().count() + 1;
        if chars + len > 1_300 {
            break;
        }
        if !note.is_empty() {
            note.push(' ');
        }
        note.push_str(sentence);
        chars += len;
    }
    if rng.below(3) == 0 {
        note.push('\n');
        note.push_str(
            LARGE_RECOMMENDATIONS[rng.below(LARGE_RECOMMENDATIONS.len() as u32) as usize],
        );
        note.push_str(" #recommendation");
    }
    for _ in 0..1 + rng.below(3) {
        note.push(' ');
        note.push_str(LARGE_TAGS[rng.below(LARGE_TAGS.len() as u32) as usize]);
    }
    note
}

/// The Chair, the Secretariat, Member States in the roster's order, then generated NGOs,
/// academic institutions and panellists: `count` participants in all, their names unique.
fn large_participants(count: usize) -> Vec<Participant> {
    let mut out: Vec<(String, Category, Option<String>)> = vec![
        (
            CHAIR.to_string(),
            Category::Chair,
            Some("Colombia".to_string()),
        ),
        (
            "Secretariat".to_string(),
            Category::Secretariat,
            Some("United Nations Office on Drugs and Crime".to_string()),
        ),
    ];
    let states = count * 7 / 10;
    out.extend(
        roster::builtin()
            .iter()
            .filter(|e| e.category == Category::MemberState)
            .take(states.saturating_sub(2))
            .map(|e| (e.name.to_string(), e.category, None)),
    );
    const ORGS: &[&str] = &[
        "Coalition",
        "Network",
        "Foundation",
        "Forum",
        "Alliance",
        "Centre",
    ];
    const CAUSES: &[&str] = &[
        "Survivor-Led Justice",
        "Children's Rights",
        "Migrant Workers",
        "Fair Recruitment",
        "Women's Legal Aid",
        "Safe Migration",
        "Labour Rights",
        "Digital Safety",
    ];
    const FIRST: &[&str] = &[
        "Amina", "Jonas", "Lucía", "Nadia", "Pierre", "Olga", "Wei", "Kofi",
    ];
    const LAST: &[&str] = &[
        "Farouk", "Okafor", "Paredes", "Ivanova", "Dubois", "Chen", "Mensah",
    ];
    let mut n = 0usize;
    while out.len() < count {
        let entry = match n % 5 {
            0..=2 => (
                format!(
                    "{} for {} {}",
                    ORGS[n % ORGS.len()],
                    CAUSES[(n / ORGS.len()) % CAUSES.len()],
                    n + 1
                ),
                Category::Ngo,
                None,
            ),
            3 => (
                format!(
                    "Institute of {} Studies {}",
                    CAUSES[n % CAUSES.len()],
                    n + 1
                ),
                Category::Academia,
                None,
            ),
            _ => (
                format!(
                    "Dr. {} {} {}",
                    FIRST[n % FIRST.len()],
                    LAST[(n / 3) % LAST.len()],
                    n + 1
                ),
                Category::Panellist,
                Some("Independent expert".to_string()),
            ),
        };
        out.push(entry);
        n += 1;
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (name, category, organisation))| Participant {
            id: ParticipantId(i as u32 + 1),
            name,
            category,
            attendance: if i % 6 == 5 { ONLINE } else { ROOM },
            organisation,
        })
        .collect()
}

/// A small linear congruential generator (Knuth's MMIX constants): deterministic, no crate.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n.max(1))) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check_consistent_over, vienna};
    use super::*;

    #[test]
    fn a_large_session_is_consistent() {
        let now = vienna(2024, 7, 2, 9, 0);
        let record = large_record(SessionId(2), now, 2_000, 200);
        let meetings = record.meetings.len() as u32;
        assert!(meetings >= 8 && meetings.is_multiple_of(2), "{meetings}");
        check_consistent_over(&record, now, meetings);
        assert_eq!(record.interventions.len(), 2_000);
        assert_eq!(record.participants.len(), 200);
        assert_eq!(record.agenda.len(), 8);
        assert_eq!(
            (record.session.last_day - record.session.first_day).num_days() + 1,
            i64::from(meetings / 2)
        );
        for iv in &record.interventions {
            let meeting = record.meeting(iv.meeting).unwrap();
            let local = |t: DateTime<Utc>| t.with_timezone(&Vienna).naive_local();
            assert!(meeting.date.and_time(meeting.scheduled_start) <= local(iv.started_at));
            assert!(local(iv.ended_at.unwrap()) <= meeting.date.and_time(meeting.scheduled_end));
            let chars = iv.note.chars().count();
            if iv.kind == InterventionKind::PointOfOrder {
                assert!(iv.interrupts == Some(InterventionId(iv.id.0 - 1)));
            } else {
                assert!((300..=1_500).contains(&chars), "{}: {chars}", iv.id.0);
                let secs = iv.speaking_time(now).num_seconds();
                assert!((60..=400).contains(&secs), "{}: {secs}", iv.id.0);
            }
        }
        let kinds = |k| {
            record
                .interventions
                .iter()
                .filter(|iv| iv.kind == k)
                .count()
        };
        assert!(kinds(InterventionKind::RightOfReply) >= 5);
        assert!(kinds(InterventionKind::PointOfOrder) >= 2);
        assert!(
            record
                .interventions
                .iter()
                .filter(|iv| iv.overtime_secs(now) > 0)
                .count()
                > 100
        );
        let notes = || record.interventions.iter().map(|iv| iv.note.as_str());
        for script in [
            "Presentó",
            "A présenté",
            "Представитель",
            "التعاون",
            "中国代表",
            "Thanked",
        ] {
            assert!(notes().any(|n| n.contains(script)), "{script}");
        }
        assert!(notes().filter(|n| n.contains("\nR: ")).count() > 100);
        let current = record.interventions.last().unwrap().agenda_item;
        let list = record.list(current).unwrap();
        assert_eq!(list.speakers.len(), LARGE_WAITING);
        assert!(!list.closed);
    }

    #[test]
    fn a_large_session_is_deterministic() {
        let now = vienna(2024, 7, 2, 9, 0);
        assert_eq!(
            large_record(SessionId(1), now, 500, 120),
            large_record(SessionId(1), now, 500, 120)
        );
    }
}
