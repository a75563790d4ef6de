use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParticipantId(pub u32);

/// Who a speaker is, as the list of participants and the participation counts classify them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    MemberState,
    ObserverState,
    IntergovernmentalOrganization,
    UnEntity,
    Ngo,
    Academia,
    PrivateSector,
    Panellist,
    Chair,
    Secretariat,
    Other,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::MemberState,
        Category::ObserverState,
        Category::IntergovernmentalOrganization,
        Category::UnEntity,
        Category::Ngo,
        Category::Academia,
        Category::PrivateSector,
        Category::Panellist,
        Category::Chair,
        Category::Secretariat,
        Category::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::MemberState => "Member State",
            Category::ObserverState => "observer State",
            Category::IntergovernmentalOrganization => "intergovernmental organization",
            Category::UnEntity => "UN entity",
            Category::Ngo => "NGO",
            Category::Academia => "academia",
            Category::PrivateSector => "private sector",
            Category::Panellist => "panellist",
            Category::Chair => "Chair",
            Category::Secretariat => "secretariat",
            Category::Other => "other",
        }
    }

    /// A few letters for a narrow column of the list of speakers.
    pub fn short(self) -> &'static str {
        match self {
            Category::MemberState => "MS",
            Category::ObserverState => "Obs",
            Category::IntergovernmentalOrganization => "IGO",
            Category::UnEntity => "UN",
            Category::Ngo => "NGO",
            Category::Academia => "Acad",
            Category::PrivateSector => "Priv",
            Category::Panellist => "Panel",
            Category::Chair => "Chair",
            Category::Secretariat => "Secr",
            Category::Other => "Other",
        }
    }

    /// Reads a category as people write it in a list of participants ("NGO", "Member State",
    /// "member_state", "IGO"…), ignoring case, spaces, hyphens and underscores.
    pub fn parse(text: &str) -> Option<Category> {
        let squashed: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Category::ALL.into_iter().find(|c| {
            let names = [c.label(), c.short()];
            names.iter().any(|n| {
                n.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
                    == squashed
            }) || (squashed == "intergovernmentalorganisation"
                && *c == Category::IntergovernmentalOrganization)
                || (squashed == "state" && *c == Category::MemberState)
                || (squashed == "panelist" && *c == Category::Panellist)
        })
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Hybrid meetings are the norm: the participation counts split the room from the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    #[default]
    InRoom,
    Online,
}

impl Attendance {
    pub fn label(self) -> &'static str {
        match self {
            Attendance::InRoom => "in the room",
            Attendance::Online => "online",
        }
    }
}

/// A delegation, organisation or person on the session's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    /// "France", "European Union", "La Strada International", or a panellist's name.
    pub name: String,
    pub category: Category,
    #[serde(default)]
    pub attendance: Attendance,
    /// For a person: the organisation they come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_read_as_people_write_them() {
        assert_eq!(Category::parse("NGO"), Some(Category::Ngo));
        assert_eq!(Category::parse("Member State"), Some(Category::MemberState));
        assert_eq!(Category::parse("member_state"), Some(Category::MemberState));
        assert_eq!(
            Category::parse("IGO"),
            Some(Category::IntergovernmentalOrganization)
        );
        assert_eq!(
            Category::parse("Intergovernmental organisation"),
            Some(Category::IntergovernmentalOrganization)
        );
        assert_eq!(Category::parse("UN entity"), Some(Category::UnEntity));
        assert_eq!(Category::parse("panelist"), Some(Category::Panellist));
        assert_eq!(
            Category::parse("private-sector"),
            Some(Category::PrivateSector)
        );
        assert_eq!(Category::parse("astronaut"), None);
    }

    #[test]
    fn every_category_parses_from_its_label() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.label()), Some(c), "{c:?}");
            assert_eq!(Category::parse(c.short()), Some(c), "{c:?}");
        }
    }
}
