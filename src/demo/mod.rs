//! A demonstration session: the first day of a session of the Working Group on Trafficking in
//! Persons, part-way through. Organizational matters and the item on organ removal were dealt
//! with in the morning, the item on child trafficking is under way, eight delegations and a
//! right of reply wait on its list of speakers, and no one has the floor.
//!
//! Everything is derived from the `now` passed in, so the same `now` gives the same record and
//! the current meeting is always today's.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Vienna;

use crate::domain::{
    AgendaItem, AgendaItemId, Attendance, Category, Inscription, Intervention, InterventionId,
    InterventionKind, Meeting, Participant, ParticipantId, Pause, Session, SessionId,
    SessionRecord, SpeakersList,
};
use crate::roster;

const BODY: &str = "Working Group on Trafficking in Persons";
const SESSION_NUMBER: &str = "Thirteenth session";
const VENUE: &str = "Vienna International Centre, Vienna";
const TIME_ZONE: &str = "Europe/Vienna";
const CHAIR: &str = "Ms. Catalina Ruiz Echeverría";
const DAYS: u64 = 4;

/// The demonstration session, as it stands at `now`: four days from today (Vienna time), two
/// meetings a day, about sixty participants, 28 interventions made and ended before `now`,
/// and lists of speakers waiting for the Chair to give the floor.
pub fn demo_record(id: SessionId, now: DateTime<Utc>) -> SessionRecord {
    let first_day = now.with_timezone(&Vienna).date_naive();
    let participants = participants();
    let placed = place(first_day, now);

    let mut interventions: Vec<Intervention> = Vec::new();
    for (part, meeting, start) in [
        (MORNING, 1, placed.morning_start),
        (CURRENT, placed.current_meeting, placed.current_start),
    ] {
        for (turn, times) in part.iter().zip(layout(part)) {
            let offset = |secs: i64| start + TimeDelta::seconds(secs);
            let id = InterventionId(interventions.len() as u64 + 1);
            let mut intervention = Intervention {
                on_behalf_of: turn.on_behalf_of.map(str::to_string),
                ended_at: Some(offset(times.end)),
                pauses: times
                    .pause
                    .map(|(from, until)| Pause {
                        from: offset(from),
                        until: Some(offset(until)),
                    })
                    .into_iter()
                    .collect(),
                time_limit_secs: turn.limit,
                // A point of order interrupts the statement given the floor just before it.
                interrupts: match turn.kind {
                    InterventionKind::PointOfOrder => interventions.last().map(|i| i.id),
                    _ => None,
                },
                ..Intervention::new(
                    id,
                    meeting,
                    AgendaItemId(turn.item),
                    seat(turn.speaker),
                    turn.kind,
                    offset(times.start),
                )
            };
            intervention.set_note(turn.note.to_string());
            interventions.push(intervention);
        }
    }

    let mut meetings = meetings(first_day);
    meetings[0].note = MORNING_NOTE.to_string();
    let current = &mut meetings[placed.current_meeting as usize - 1];
    if !current.note.is_empty() {
        current.note.push('\n');
    }
    current.note.push_str(CURRENT_NOTE);

    let created_at = placed.morning_start - TimeDelta::minutes(50);
    SessionRecord {
        session: Session {
            id,
            body: BODY.to_string(),
            number: SESSION_NUMBER.to_string(),
            venue: VENUE.to_string(),
            first_day,
            last_day: first_day
                .checked_add_days(Days::new(DAYS - 1))
                .unwrap_or(first_day),
            time_zone: TIME_ZONE.to_string(),
            chairs: vec![CHAIR.to_string()],
            created_at,
            time_limits: Default::default(),
            budgets: Vec::new(),
            conflicts: Vec::new(),
            topic_labels: Default::default(),
            abbreviations: Default::default(),
            roster_merges: Vec::new(),
        },
        meetings,
        agenda: AGENDA
            .iter()
            .enumerate()
            .map(|(i, (number, title))| AgendaItem {
                id: AgendaItemId(i as u32 + 1),
                number: number.to_string(),
                title: title.to_string(),
            })
            .collect(),
        participants,
        interventions,
        lists: lists(),
    }
}

const AGENDA: &[(&str, &str)] = &[
    ("1", "Organizational matters"),
    (
        "2",
        "Trafficking in persons for the purpose of organ removal",
    ),
    (
        "3",
        "Child trafficking, including recruitment and exploitation through online platforms",
    ),
    (
        "4",
        "Victim-centred and trauma-informed approaches in criminal justice responses",
    ),
    ("5", "Other matters"),
    ("6", "Adoption of the report"),
];

const MORNING_NOTE: &str = "The Chair opened the thirteenth session of the Working Group. \
The provisional agenda was adopted without amendment and the proposed organization of work \
was approved.\nThe list of speakers on item 2 was closed after the statement of the \
Observatory on Transplant Ethics; rights of reply were taken at the end of the item.";

const CURRENT_NOTE: &str = "The Working Group took up item 3. The Chair reminded speakers of \
the time limits: three minutes for delegations, five minutes for statements on behalf of \
groups and for panellists. Written statements will be posted on the session web page.";

/// Two meetings a day, 10:00–13:00 and 15:00–18:00, for the four days of the session.
fn meetings(first_day: NaiveDate) -> Vec<Meeting> {
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    (0..DAYS)
        .flat_map(|day| {
            let date = first_day
                .checked_add_days(Days::new(day))
                .unwrap_or(first_day);
            [((10, 0), (13, 0)), ((15, 0), (18, 0))]
                .into_iter()
                .enumerate()
                .map(move |(half, (start, end))| Meeting {
                    number: day as u32 * 2 + half as u32 + 1,
                    date,
                    scheduled_start: hm(start.0, start.1),
                    scheduled_end: hm(end.0, end.1),
                    note: String::new(),
                    recording: Default::default(),
                })
        })
        .collect()
}

/// Where the two parts of the script fall on the first day.
struct Placement {
    morning_start: DateTime<Utc>,
    current_meeting: u32,
    current_start: DateTime<Utc>,
}

/// The last intervention ends two minutes before `now`, inside the afternoon meeting when
/// there is room for the current part in it, otherwise everything happened in the morning
/// meeting. Before about 11:50 in Vienna the morning has not had the time: the script then
/// simply ends two minutes before `now`, earlier than the meeting's scheduled start.
fn place(first_day: NaiveDate, now: DateTime<Utc>) -> Placement {
    let local = |h: u32, m: u32| {
        let naive = first_day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN));
        Vienna
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| naive.and_utc())
    };
    let whole_seconds = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    let latest_end = whole_seconds - TimeDelta::minutes(2);
    let morning_len = TimeDelta::seconds(length(MORNING));
    let current_len = TimeDelta::seconds(length(CURRENT));
    if latest_end >= local(15, 5) + current_len {
        Placement {
            morning_start: local(10, 8),
            current_meeting: 2,
            current_start: latest_end.min(local(17, 58)) - current_len,
        }
    } else {
        let end = latest_end.min(local(12, 58));
        let current_start = end - current_len;
        Placement {
            morning_start: current_start - TimeDelta::minutes(3) - morning_len,
            current_meeting: 1,
            current_start,
        }
    }
}

/// One seat on the demonstration roster: a delegation found in the built-in roster by `key`,
/// or a named participant.
struct Seat {
    key: &'static str,
    /// `None` for a delegation taken from the built-in roster.
    category: Option<Category>,
    organisation: Option<&'static str>,
    attendance: Attendance,
}

const ROOM: Attendance = Attendance::InRoom;
const ONLINE: Attendance = Attendance::Online;

const fn delegation(key: &'static str, attendance: Attendance) -> Seat {
    Seat {
        key,
        category: None,
        organisation: None,
        attendance,
    }
}

const fn named(
    key: &'static str,
    category: Category,
    organisation: Option<&'static str>,
    attendance: Attendance,
) -> Seat {
    Seat {
        key,
        category: Some(category),
        organisation,
        attendance,
    }
}

/// In the order of their ids; the script and the lists name them by `key`.
const SEATS: &[Seat] = &[
    named(CHAIR, Category::Chair, Some("Colombia"), ROOM),
    named(
        "Secretariat",
        Category::Secretariat,
        Some("United Nations Office on Drugs and Crime"),
        ROOM,
    ),
    delegation("Algeria", ROOM),
    delegation("Argentina", ROOM),
    delegation("Australia", ROOM),
    delegation("Austria", ROOM),
    delegation("Bolivia", ONLINE),
    delegation("Brazil", ROOM),
    delegation("Canada", ROOM),
    delegation("China", ROOM),
    delegation("Côte d'Ivoire", ROOM),
    delegation("Egypt", ROOM),
    delegation("France", ROOM),
    delegation("Germany", ROOM),
    delegation("India", ROOM),
    delegation("Indonesia", ROOM),
    delegation("Iran", ROOM),
    delegation("Japan", ROOM),
    delegation("Kenya", ONLINE),
    delegation("Mexico", ROOM),
    delegation("Morocco", ROOM),
    delegation("Netherlands", ROOM),
    delegation("Nigeria", ROOM),
    delegation("South Korea", ROOM),
    delegation("Russia", ROOM),
    delegation("Saudi Arabia", ROOM),
    delegation("South Africa", ONLINE),
    delegation("Spain", ROOM),
    delegation("Thailand", ROOM),
    delegation("Turkey", ROOM),
    delegation("UK", ROOM),
    delegation("USA", ROOM),
    delegation("Vietnam", ONLINE),
    delegation("EU", ROOM),
    delegation("Holy See", ROOM),
    delegation("Palestine", ONLINE),
    delegation("OHCHR", ONLINE),
    delegation("UNHCR", ROOM),
    delegation("IOM", ROOM),
    delegation("UNICEF", ROOM),
    delegation("ILO", ONLINE),
    delegation("UN Women", ROOM),
    delegation("OSCE", ROOM),
    delegation("Council of Europe", ONLINE),
    delegation("INTERPOL", ROOM),
    delegation("African Union", ONLINE),
    delegation("ICMPD", ROOM),
    delegation("League of Arab States", ROOM),
    named(
        "Coalition for Survivor-Led Justice",
        Category::Ngo,
        None,
        ROOM,
    ),
    named(
        "Bridges Beyond Borders Foundation",
        Category::Ngo,
        None,
        ONLINE,
    ),
    named(
        "Red Andina contra la Trata de Personas",
        Category::Ngo,
        None,
        ONLINE,
    ),
    named(
        "Association Sahel Enfance Protégée",
        Category::Ngo,
        None,
        ROOM,
    ),
    named(
        "Observatory on Transplant Ethics",
        Category::Ngo,
        None,
        ROOM,
    ),
    named(
        "Lantern Children's Rights Network",
        Category::Ngo,
        None,
        ROOM,
    ),
    named(
        "Migrant Workers Solidarity Forum",
        Category::Ngo,
        None,
        ONLINE,
    ),
    named("Nordic Shelter Collective", Category::Ngo, None, ONLINE),
    named(
        "Al-Amal Centre for Women's Legal Aid",
        Category::Ngo,
        None,
        ROOM,
    ),
    named(
        "Pacific Islands Anti-Trafficking Network",
        Category::Ngo,
        None,
        ONLINE,
    ),
    named(
        "Youth Voices Against Exploitation",
        Category::Ngo,
        None,
        ROOM,
    ),
    named("Fair Recruitment Watch", Category::Ngo, None, ONLINE),
    named(
        "Danube Institute for Migration Research",
        Category::Academia,
        None,
        ROOM,
    ),
    named(
        "Andean Centre for Criminal Law Studies",
        Category::Academia,
        None,
        ONLINE,
    ),
    named(
        "Kestrel University School of Public Health",
        Category::Academia,
        None,
        ONLINE,
    ),
    named(
        "Meridian Banking Compliance Forum",
        Category::PrivateSector,
        None,
        ROOM,
    ),
    named(
        "Tech Platforms Coalition for Child Safety",
        Category::PrivateSector,
        None,
        ONLINE,
    ),
    named(
        "Dr. Nadia Farouk",
        Category::Panellist,
        Some("Centre for Bioethics and Transplant Law"),
        ONLINE,
    ),
    named(
        "Ms. Lucía Paredes Quispe",
        Category::Panellist,
        Some("Survivor Advocacy Network of the Andes"),
        ROOM,
    ),
    named(
        "Mr. Jonas Okafor-Berg",
        Category::Panellist,
        Some("Office of the Prosecutor for Trafficking Offences"),
        ROOM,
    ),
];

fn participants() -> Vec<Participant> {
    SEATS
        .iter()
        .enumerate()
        .map(|(i, seat)| {
            let (name, category) = match seat.category {
                Some(category) => (seat.key, category),
                None => {
                    let entry = roster::lookup_exact(seat.key)
                        .expect("every delegation of the demo is on the built-in roster");
                    (entry.name, entry.category)
                }
            };
            Participant {
                id: ParticipantId(i as u32 + 1),
                name: name.to_string(),
                category,
                attendance: seat.attendance,
                organisation: seat.organisation.map(str::to_string),
            }
        })
        .collect()
}

/// The id of the seat the script calls `key`.
fn seat(key: &str) -> ParticipantId {
    let index = SEATS
        .iter()
        .position(|s| s.key == key)
        .expect("the demo script names only seats of the demo roster");
    ParticipantId(index as u32 + 1)
}

fn lists() -> Vec<SpeakersList> {
    let inscription = |key, on_behalf_of: Option<&str>, kind, limit| Inscription {
        speaker: seat(key),
        on_behalf_of: on_behalf_of.map(str::to_string),
        kind,
        time_limit_secs: limit,
    };
    let statement = |key| inscription(key, None, InterventionKind::Statement, None);
    let group = |key, group| {
        inscription(
            key,
            Some(group),
            InterventionKind::Statement,
            Some(GROUP_LIMIT),
        )
    };

    let mut organ_removal = SpeakersList::new(AgendaItemId(2));
    organ_removal.closed = true;

    let child_trafficking = SpeakersList {
        agenda_item: AgendaItemId(3),
        speakers: vec![
            group("Nigeria", "Group of African States"),
            group("Indonesia", "Group of Asia-Pacific States"),
            statement("Germany"),
            statement("Japan"),
            statement("Morocco"),
            statement("UN Women"),
            statement("OSCE"),
            statement("Youth Voices Against Exploitation"),
        ],
        replies: vec![inscription(
            "Vietnam",
            None,
            InterventionKind::RightOfReply,
            Some(REPLY_LIMIT),
        )],
        closed: false,
    };

    let victim_centred = SpeakersList {
        agenda_item: AgendaItemId(4),
        speakers: vec![
            statement("Argentina"),
            statement("Council of Europe"),
            statement("Coalition for Survivor-Led Justice"),
        ],
        replies: Vec::new(),
        closed: false,
    };

    vec![organ_removal, child_trafficking, victim_centred]
}

const DELEGATION_LIMIT: u32 = 180;
const GROUP_LIMIT: u32 = 300;
const PANEL_LIMIT: u32 = 300;
const REPLY_LIMIT: u32 = 120;

/// How long the Chair takes to rule on a point of order and hand the floor back.
const RULING_SECS: i64 = 40;

/// One turn at the floor in the script of the demonstration.
struct Turn {
    item: u32,
    speaker: &'static str,
    on_behalf_of: Option<&'static str>,
    kind: InterventionKind,
    limit: Option<u32>,
    /// Seconds between the end of the previous turn (or the point of order being raised)
    /// and this one.
    gap: i64,
    /// Speaking time, pauses left out.
    secs: i64,
    /// For a statement interrupted by the point of order that follows it: after how many
    /// seconds of speaking.
    interrupted_after: Option<i64>,
    note: &'static str,
}

const fn statement(
    item: u32,
    speaker: &'static str,
    gap: i64,
    secs: i64,
    note: &'static str,
) -> Turn {
    Turn {
        item,
        speaker,
        on_behalf_of: None,
        kind: InterventionKind::Statement,
        limit: Some(DELEGATION_LIMIT),
        gap,
        secs,
        interrupted_after: None,
        note,
    }
}

const fn on_behalf(
    item: u32,
    speaker: &'static str,
    group: &'static str,
    gap: i64,
    secs: i64,
    note: &'static str,
) -> Turn {
    Turn {
        on_behalf_of: Some(group),
        limit: Some(GROUP_LIMIT),
        ..statement(item, speaker, gap, secs, note)
    }
}

const fn panel(item: u32, speaker: &'static str, gap: i64, secs: i64, note: &'static str) -> Turn {
    Turn {
        kind: InterventionKind::PanelPresentation,
        limit: Some(PANEL_LIMIT),
        ..statement(item, speaker, gap, secs, note)
    }
}

/// The Chair and the Secretariat speak without a time limit.
const fn presiding(
    item: u32,
    speaker: &'static str,
    gap: i64,
    secs: i64,
    note: &'static str,
) -> Turn {
    Turn {
        limit: None,
        ..statement(item, speaker, gap, secs, note)
    }
}

/// The morning meeting: organizational matters, then item 2, whose list was exhausted.
const MORNING: &[Turn] = &[
    presiding(
        1,
        CHAIR,
        0,
        245,
        "Opened the thirteenth session and recalled that the Working Group had been established \
by the Conference of the Parties in its decision 4/4 as a constant element of the Conference. \
Noted that over 700 participants had registered, in the room and online. Invited delegations to \
keep statements within three minutes, and within five minutes for statements on behalf of \
groups. #procedure",
    ),
    presiding(
        1,
        "Secretariat",
        40,
        190,
        "Introduced the provisional agenda and the proposed organization of work. Drew attention \
to the background papers prepared for items 2 and 3. Informed the Working Group that \
interpretation was available in the six official languages, in the room and on the online \
platform. #procedure",
    ),
    presiding(
        2,
        "Secretariat",
        75,
        265,
        "Introduced the background paper on trafficking in persons for the purpose of organ \
removal. Noted that cases remained rarely detected and prosecuted, that most victims were men \
in situations of economic hardship, and that brokers relied on forged consent and on the \
complicity of medical professionals. Recalled the guiding questions on criminalization, \
detection in the health sector and #international-cooperation. #organ-removal",
    ),
    panel(
        2,
        "Dr. Nadia Farouk",
        30,
        318,
        "Presented findings from a review of 61 cases of transplant tourism. Explained that \
recipients travelled on fully arranged packages, while donors were recruited through social \
media and debt bondage. Highlighted the role of transplant professionals as first responders \
able to detect irregular consent.\nR: Establish national registries of living donors, with \
follow-up of donors' health for at least five years. #recommendation #data-collection \
#organ-removal\nR: Include trafficking indicators in the training of transplant teams. \
#recommendation",
    ),
    on_behalf(
        2,
        "EU",
        "European Union and its member States",
        25,
        296,
        "Speaking on behalf of the European Union and its member States. Recalled that the \
revised EU Anti-Trafficking Directive had extended the forms of exploitation covered to forced \
marriage and illegal adoption. Stressed the need for a #victim-centred approach and for \
cooperation with transplant authorities. Welcomed the Council of Europe Convention against \
Trafficking in Human Organs as a complementary instrument. #organ-removal \
#international-cooperation",
    ),
    on_behalf(
        2,
        "Algeria",
        "Group of African States",
        20,
        274,
        "Au nom du Groupe des États d'Afrique, a souligné que la pauvreté et la migration \
irrégulière accroissaient la vulnérabilité au trafic d'organes. A demandé une \
#technical-assistance accrue pour détecter les cas dans les pays d'origine et un accès \
équitable à la transplantation.\nR: Que l'ONUDC élabore un module de formation régional pour \
les procureurs et les inspecteurs de santé. #recommendation #organ-removal",
    ),
    statement(
        2,
        "USA",
        20,
        205,
        "Described the use of financial intelligence to trace payments to brokers and clinics. \
Noted two recent prosecutions in which medical records, rather than victim testimony, had \
established the offence. Encouraged States to request mutual legal assistance early in \
investigations. #international-cooperation #organ-removal",
    ),
    statement(
        2,
        "China",
        15,
        172,
        "Reported on the national organ donation and transplant system and the computerized \
allocation of organs. Stated that the law prohibited any commercial trade in human organs and \
provided for the criminal liability of medical personnel involved. Expressed readiness to share \
experience through #international-cooperation. #organ-removal",
    ),
    statement(
        2,
        "Iran",
        15,
        143,
        "Described national legislation on organ transplantation and the supervision of donation \
by the health ministry. Stated that unilateral coercive measures hampered access to medical \
equipment and training. Called for #technical-assistance without conditions. #organ-removal",
    ),
    statement(
        2,
        "Spain",
        20,
        188,
        "Presentó el modelo español de donación y trasplante, basado en la donación altruista y \
en la trazabilidad de cada órgano. Señaló que el Código Penal tipifica la promoción y la \
publicidad del tráfico de órganos. Ofreció asistencia técnica a los países interesados.\nR: \
Crear puntos de contacto entre las autoridades de trasplante y las fiscalías. #recommendation \
#international-cooperation #organ-removal",
    ),
    Turn {
        interrupted_after: Some(95),
        ..statement(
            2,
            "Mexico",
            15,
            195,
            "Destacó la reforma de la Ley General de Salud, que refuerza el control de los \
establecimientos de trasplante. Informó sobre la cooperación con los países de Centroamérica \
para identificar redes de intermediarios. Intervención interrumpida por una cuestión de orden \
(interpretación en línea). #international-cooperation #organ-removal",
        )
    },
    Turn {
        kind: InterventionKind::PointOfOrder,
        limit: None,
        ..statement(
            2,
            "Russia",
            5,
            45,
            "Point of order: interpretation into Russian was not available on the online \
channel. The Chair suspended the statement of Mexico until the Secretariat had restored the \
channel. #procedure",
        )
    },
    statement(
        2,
        "Holy See",
        20,
        161,
        "Recalled that the human body and its parts must never give rise to financial gain. \
Expressed concern at the exploitation of people living in poverty and of migrants in transit. \
Called for long-term, #victim-centred care for survivors whose health had been permanently \
harmed. #organ-removal",
    ),
    statement(
        2,
        "Observatory on Transplant Ethics",
        30,
        176,
        "Reported that offers to buy kidneys were openly advertised on social media and that \
donors were often prosecuted for selling an organ.\nR: Apply the #non-punishment principle to \
persons trafficked for organ removal. #recommendation\nR: Require online platforms to remove \
offers of organs for sale and to report them to the authorities. #recommendation \
#organ-removal",
    ),
    statement(
        2,
        "India",
        20,
        150,
        "Outlined the Transplantation of Human Organs and Tissues Act and the authorization \
committees that verify the relationship between donor and recipient. Noted that a national \
registry tracked every transplant. Supported #data-collection on cross-border cases through the \
Secretariat. #organ-removal",
    ),
    Turn {
        kind: InterventionKind::RightOfReply,
        limit: Some(REPLY_LIMIT),
        ..statement(
            2,
            "Egypt",
            60,
            112,
            "Exercising the right of reply. Stated that the figures on transplant tourism cited \
by a previous speaker predated the 2010 law regulating organ transplantation, which restricted \
transplants between nationals and foreigners and provided for heavy penalties. #organ-removal",
        )
    },
];

/// The current meeting: item 3, under way.
const CURRENT: &[Turn] = &[
    presiding(
        3,
        "Secretariat",
        0,
        230,
        "Introduced item 3 and the background paper on child trafficking. Noted that children \
accounted for more than a third of detected victims worldwide and that recruitment through \
online platforms and live-streamed sexual exploitation had grown. Invited the Working Group to \
consider identification, age assessment and guardianship. #child-trafficking",
    ),
    panel(
        3,
        "Ms. Lucía Paredes Quispe",
        25,
        287,
        "Survivor and advocate. Described being recruited at 14 with the promise of work in a \
restaurant in the capital. Quote: \"Nobody asked me my age. Everyone asked me for papers.\" \
Stressed that child survivors should be heard in the design of services. #survivor-voices\nR: \
Involve survivors, with pay, in the training of police and labour inspectors. #recommendation \
#child-trafficking #victim-centred",
    ),
    panel(
        3,
        "Mr. Jonas Okafor-Berg",
        20,
        329,
        "Presented a case in which a network recruited children through online gaming platforms \
and exploited them in forced criminality. Explained how electronic evidence had been obtained \
from service providers abroad within weeks through a joint investigation team. Warned that \
children compelled to commit crimes were still prosecuted in many jurisdictions.\nR: Guarantee \
the #non-punishment of children for offences they were compelled to commit. #recommendation\n\
R: Designate points of contact for urgent requests for electronic evidence. \
#international-cooperation #child-trafficking",
    ),
    on_behalf(
        3,
        "EU",
        "European Union and its member States",
        30,
        301,
        "Speaking on behalf of the European Union and its member States. Highlighted the role of \
guardians for unaccompanied children and of multidisciplinary, child-friendly procedures such \
as the Barnahus model. Called for better #data-collection, disaggregated by age and sex. \
#child-trafficking #victim-centred",
    ),
    on_behalf(
        3,
        "Brazil",
        "Group of Latin American and Caribbean States",
        20,
        262,
        "Speaking on behalf of the Group of Latin American and Caribbean States. Stressed the \
links between child labour, domestic servitude and trafficking in the region. Called for \
#technical-assistance to strengthen child protection at borders and for resources for shelters \
specialized in children.\nR: Strengthen the exchange of information between child protection \
authorities across the region. #recommendation #child-trafficking",
    ),
    statement(
        3,
        "Côte d'Ivoire",
        20,
        214,
        "A présenté le plan d'action national contre la traite, l'exploitation et le travail \
des enfants, notamment dans les plantations de cacao. A souligné le rôle des comités villageois \
de protection de l'enfance. A appelé à une coopération renforcée avec les pays voisins pour le \
rapatriement des enfants. #international-cooperation\nR: Harmoniser les procédures de \
rapatriement des enfants victimes dans la sous-région. #recommendation #child-trafficking",
    ),
    statement(
        3,
        "UNICEF",
        15,
        170,
        "Stressed that every child victim was first of all a child, whatever their migration \
status. Recalled joint guidance on child-sensitive procedures and age assessment. Called on \
States to end the immigration detention of children.\nR: Appoint a guardian for every \
unaccompanied or separated child within 24 hours of identification. #recommendation \
#child-trafficking #victim-centred",
    ),
    statement(
        3,
        "Canada",
        15,
        95,
        "Described a national hotline and an awareness campaign aimed at young people, with \
material co-designed by survivors. Supported the recommendations of the panellists. \
#child-trafficking",
    ),
    statement(
        3,
        "League of Arab States",
        20,
        177,
        "Presented the Arab Initiative for Building National Capacities to Combat Human \
Trafficking. Quoted its guiding principle: «الإنسان ليس سلعة» (\"a human being is not a \
commodity\"). Called for training material on child trafficking in Arabic. \
#technical-assistance #child-trafficking",
    ),
    statement(
        3,
        "Lantern Children's Rights Network",
        20,
        200,
        "Reported that cases of online grooming received by its helpline had doubled in two \
years. Called on technology companies to apply safety by design. 📌 Written statement with \
data tables to be posted on the session web page.\nR: Create a legal duty for platforms to \
detect and report child trafficking content. #recommendation #online-exploitation \
#child-trafficking",
    ),
    statement(
        3,
        "Australia",
        15,
        166,
        "Outlined cooperation with Pacific countries against the online sexual exploitation of \
children, including funding for specialist investigators. Stressed #international-cooperation \
with the private sector. #child-trafficking #online-exploitation",
    ),
    statement(
        3,
        "Thailand",
        15,
        140,
        "Presented the national referral mechanism and the child advocacy centres in every \
province. Noted that identification interviews with children were held with a psychologist \
present. #victim-centred #child-trafficking",
    ),
];

/// When a turn happened, in seconds from the start of its part of the script.
#[derive(Debug, Clone, Copy)]
struct Times {
    start: i64,
    end: i64,
    pause: Option<(i64, i64)>,
}

/// Lays the turns end to end. A statement with `interrupted_after` is paused while the point
/// of order that follows it is heard and ruled on, then resumes and ends.
fn layout(turns: &[Turn]) -> Vec<Times> {
    let mut times: Vec<Times> = Vec::with_capacity(turns.len());
    let mut cursor = 0;
    let mut i = 0;
    while i < turns.len() {
        let turn = &turns[i];
        let start = cursor + turn.gap;
        match (turn.interrupted_after, turns.get(i + 1)) {
            (Some(after), Some(point)) if point.kind == InterventionKind::PointOfOrder => {
                let paused = start + after;
                let point_start = paused + point.gap;
                let point_end = point_start + point.secs;
                let resumed = point_end + RULING_SECS;
                let end = resumed + (turn.secs - after);
                times.push(Times {
                    start,
                    end,
                    pause: Some((paused, resumed)),
                });
                times.push(Times {
                    start: point_start,
                    end: point_end,
                    pause: None,
                });
                cursor = end;
                i += 2;
            }
            _ => {
                let end = start + turn.secs;
                times.push(Times {
                    start,
                    end,
                    pause: None,
                });
                cursor = end;
                i += 1;
            }
        }
    }
    times
}

/// Seconds from the first start to the last end of a part of the script.
fn length(turns: &[Turn]) -> i64 {
    layout(turns).iter().map(|t| t.end).max().unwrap_or(0)
}

mod large;
pub use large::{large_record, LARGE_WAITING};

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::domain::tags_in;

    /// A time of day in Vienna on a given date, as UTC.
    pub(super) fn vienna(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Vienna
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn sample_nows() -> Vec<DateTime<Utc>> {
        vec![
            vienna(2024, 7, 2, 16, 45),
            vienna(2024, 7, 2, 20, 0),
            vienna(2024, 7, 2, 14, 0),
            vienna(2024, 7, 2, 12, 30),
            vienna(2024, 7, 2, 10, 15),
            vienna(2024, 7, 2, 0, 20),
            // The nights the clocks change in Vienna.
            vienna(2025, 3, 30, 1, 30),
            vienna(2025, 3, 30, 16, 0),
            vienna(2025, 10, 26, 2, 30),
            Utc.with_ymd_and_hms(2025, 12, 31, 23, 59, 59).unwrap() + TimeDelta::milliseconds(999),
        ]
    }

    fn check_consistent(record: &SessionRecord, now: DateTime<Utc>) {
        check_consistent_over(record, now, 8);
    }

    pub(super) fn check_consistent_over(
        record: &SessionRecord,
        now: DateTime<Utc>,
        meeting_count: u32,
    ) {
        let at = format!("at {now}");
        let ids: Vec<u32> = record.participants.iter().map(|p| p.id.0).collect();
        assert_eq!(ids, (1..=ids.len() as u32).collect::<Vec<_>>(), "{at}");
        let names: HashSet<&str> = record
            .participants
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(
            names.len(),
            record.participants.len(),
            "participant names repeat {at}"
        );
        let items: Vec<u32> = record.agenda.iter().map(|a| a.id.0).collect();
        assert_eq!(items, (1..=items.len() as u32).collect::<Vec<_>>(), "{at}");
        let meetings: Vec<u32> = record.meetings.iter().map(|m| m.number).collect();
        assert_eq!(meetings, (1..=meeting_count).collect::<Vec<_>>(), "{at}");

        let mut previous: Option<&Intervention> = None;
        for (n, iv) in record.interventions.iter().enumerate() {
            let which = format!("intervention {} {at}", iv.id.0);
            assert_eq!(iv.id, InterventionId(n as u64 + 1), "{which}");
            assert!(record.participant(iv.speaker).is_some(), "{which}");
            assert!(record.agenda_item(iv.agenda_item).is_some(), "{which}");
            assert!(record.meeting(iv.meeting).is_some(), "{which}");
            let ended = iv.ended_at.expect("every demo intervention has ended");
            assert!(iv.started_at < ended && ended <= now, "{which}");
            if let Some(previous) = previous {
                assert!(previous.started_at < iv.started_at, "{which}");
            }
            for pause in &iv.pauses {
                let until = pause.until.expect("no pause is left running");
                assert!(iv.started_at < pause.from && pause.from < until, "{which}");
                assert!(until < ended, "{which}");
            }
            assert_eq!(iv.tags, tags_in(&iv.note), "{which}");
            assert!(!iv.tags.is_empty(), "{which}");
            previous = Some(iv);
        }
        assert!(record.floor().is_none(), "no one has the floor {at}");

        for list in &record.lists {
            assert!(record.agenda_item(list.agenda_item).is_some(), "{at}");
            for inscription in list.in_order() {
                assert!(record.participant(inscription.speaker).is_some(), "{at}");
            }
        }
        assert!(record.session.created_at < record.interventions[0].started_at);
    }

    #[test]
    fn the_record_is_consistent_whenever_it_is_made() {
        for now in sample_nows() {
            let record = demo_record(SessionId(7), now);
            check_consistent(&record, now);
        }
    }

    #[test]
    fn the_same_now_gives_the_same_record() {
        for now in sample_nows() {
            assert_eq!(
                demo_record(SessionId(1), now),
                demo_record(SessionId(1), now)
            );
        }
    }

    #[test]
    fn the_session_starts_today_in_vienna() {
        // 23:30 UTC on 1 July is already 2 July in Vienna.
        let now = Utc.with_ymd_and_hms(2024, 7, 1, 23, 30, 0).unwrap();
        let record = demo_record(SessionId(3), now);
        let s = &record.session;
        assert_eq!(s.first_day, NaiveDate::from_ymd_opt(2024, 7, 2).unwrap());
        assert_eq!(s.last_day, NaiveDate::from_ymd_opt(2024, 7, 5).unwrap());
        assert_eq!(s.tz(), Vienna);
        assert_eq!(
            s.title(),
            "Working Group on Trafficking in Persons, Thirteenth session"
        );
        assert_eq!(record.meetings[7].title(), "8th meeting, 15:00–18:00");
        assert_eq!(record.meetings[7].date, s.last_day);
    }

    #[test]
    fn in_the_afternoon_interventions_fall_within_their_meetings() {
        for (now, expected) in [
            (vienna(2024, 7, 2, 16, 45), 2),
            (vienna(2024, 7, 2, 19, 0), 2),
            (vienna(2024, 11, 12, 14, 10), 1),
            (vienna(2024, 11, 12, 13, 5), 1),
            (vienna(2024, 11, 12, 12, 20), 1),
        ] {
            let record = demo_record(SessionId(1), now);
            for iv in &record.interventions {
                let meeting = record.meeting(iv.meeting).unwrap();
                let local = |t: DateTime<Utc>| t.with_timezone(&Vienna).naive_local();
                let start = meeting.date.and_time(meeting.scheduled_start);
                let end = meeting.date.and_time(meeting.scheduled_end);
                assert!(start <= local(iv.started_at), "{} at {now}", iv.id.0);
                assert!(local(iv.ended_at.unwrap()) <= end, "{} at {now}", iv.id.0);
            }
            let current = record.interventions.last().unwrap().meeting;
            assert_eq!(current, expected, "{now}");
        }
    }

    #[test]
    fn the_script_shows_what_the_tool_is_for() {
        let now = vienna(2024, 7, 2, 17, 0);
        let record = demo_record(SessionId(1), now);
        let ivs = &record.interventions;
        let participants = &record.participants;
        assert!(
            (55..=70).contains(&participants.len()),
            "{}",
            participants.len()
        );
        assert!((24..=30).contains(&ivs.len()), "{}", ivs.len());

        let count = |c: Category| participants.iter().filter(|p| p.category == c).count();
        assert!(count(Category::MemberState) >= 25);
        assert_eq!(count(Category::Ngo), 12);
        assert_eq!(count(Category::Panellist), 3);
        assert_eq!(count(Category::Chair), 1);
        assert_eq!(count(Category::Secretariat), 1);
        assert!(participants
            .iter()
            .any(|p| p.attendance == Attendance::Online));
        assert!(participants
            .iter()
            .any(|p| p.attendance == Attendance::InRoom));
        for p in participants {
            if matches!(
                p.category,
                Category::MemberState
                    | Category::ObserverState
                    | Category::IntergovernmentalOrganization
                    | Category::UnEntity
            ) {
                let entry = roster::lookup_exact(&p.name).unwrap();
                assert_eq!((entry.name, entry.category), (p.name.as_str(), p.category));
            }
        }

        for iv in ivs {
            let secs = iv.speaking_time(now).num_seconds();
            if iv.kind == InterventionKind::PointOfOrder {
                assert!(secs < 90, "{}", iv.id.0);
            } else {
                assert!((90..=330).contains(&secs), "{}: {secs}", iv.id.0);
            }
        }
        assert!(ivs.iter().filter(|iv| iv.overtime_secs(now) > 0).count() >= 4);
        assert!(ivs.iter().any(|iv| iv.on_behalf_of.as_deref()
            == Some("European Union and its member States")
            && iv.time_limit_secs == Some(300)));

        let reply: Vec<_> = ivs
            .iter()
            .filter(|iv| iv.kind == InterventionKind::RightOfReply)
            .collect();
        assert_eq!(reply.len(), 1);
        assert_eq!(reply[0].time_limit_secs, Some(120));

        let point = ivs
            .iter()
            .find(|iv| iv.kind == InterventionKind::PointOfOrder)
            .unwrap();
        let interrupted = &ivs[point.interrupts.unwrap().0 as usize - 1];
        let pause = interrupted.pauses[0];
        assert!(pause.from <= point.started_at && point.ended_at <= pause.until);
        assert_eq!(interrupted.speaking_time(now).num_seconds(), 195);

        let notes: Vec<&str> = ivs.iter().map(|iv| iv.note.as_str()).collect();
        assert!(
            notes
                .iter()
                .filter(|n| n.lines().any(|l| l.starts_with("R: ")))
                .count()
                >= 8
        );
        assert!(notes.iter().any(|n| n.contains("Presentó")));
        assert!(notes.iter().any(|n| n.contains("A présenté")));
        assert!(notes.iter().any(|n| n.contains("سلعة")));
        assert!(notes.iter().any(|n| n.contains('📌')));
        for tag in [
            "recommendation",
            "victim-centred",
            "international-cooperation",
            "data-collection",
            "organ-removal",
            "child-trafficking",
        ] {
            assert!(
                ivs.iter().any(|iv| iv.tags.iter().any(|t| t == tag)),
                "{tag}"
            );
        }
    }

    #[test]
    fn the_lists_wait_for_the_chair() {
        let record = demo_record(SessionId(1), vienna(2024, 7, 2, 17, 0));
        let current = record.interventions.last().unwrap().agenda_item;
        let list = record.list(current).unwrap();
        assert!(!list.closed);
        assert_eq!(list.speakers.len(), 8);
        assert_eq!(list.replies.len(), 1);
        assert_eq!(list.replies[0].kind, InterventionKind::RightOfReply);
        assert!(
            list.speakers
                .iter()
                .filter(|i| i.on_behalf_of.is_some())
                .count()
                >= 2
        );
        assert_eq!(record.lists.iter().filter(|l| l.closed).count(), 1);
        let others: Vec<_> = record
            .lists
            .iter()
            .filter(|l| l.agenda_item != current && !l.closed)
            .collect();
        assert_eq!(others.len(), 1);
        assert!((2..=5).contains(&others[0].len()));
    }
}
