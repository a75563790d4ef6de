//! The ISO 3166-1 alpha-3 codes of the States on the shipped roster ("AUS", "AUT"), which
//! delegates type as short forms. A code finds its State only when typed whole: as the start
//! of a name, "ma" means Mali or Malta, not Morocco through "MAR".

/// The code of each State, by the name the shipped roster lists it under.
const CODES: &[(&str, &str)] = &[
    ("Afghanistan", "AFG"),
    ("Albania", "ALB"),
    ("Algeria", "DZA"),
    ("Andorra", "AND"),
    ("Angola", "AGO"),
    ("Antigua and Barbuda", "ATG"),
    ("Argentina", "ARG"),
    ("Armenia", "ARM"),
    ("Australia", "AUS"),
    ("Austria", "AUT"),
    ("Azerbaijan", "AZE"),
    ("Bahamas", "BHS"),
    ("Bahrain", "BHR"),
    ("Bangladesh", "BGD"),
    ("Barbados", "BRB"),
    ("Belarus", "BLR"),
    ("Belgium", "BEL"),
    ("Belize", "BLZ"),
    ("Benin", "BEN"),
    ("Bhutan", "BTN"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Bosnia and Herzegovina", "BIH"),
    ("Botswana", "BWA"),
    ("Brazil", "BRA"),
    ("Brunei Darussalam", "BRN"),
    ("Bulgaria", "BGR"),
    ("Burkina Faso", "BFA"),
    ("Burundi", "BDI"),
    ("Cabo Verde", "CPV"),
    ("Cambodia", "KHM"),
    ("Cameroon", "CMR"),
    ("Canada", "CAN"),
    ("Central African Republic", "CAF"),
    ("Chad", "TCD"),
    ("Chile", "CHL"),
    ("China", "CHN"),
    ("Colombia", "COL"),
    ("Comoros", "COM"),
    ("Congo", "COG"),
    ("Costa Rica", "CRI"),
    ("Côte d'Ivoire", "CIV"),
    ("Croatia", "HRV"),
    ("Cuba", "CUB"),
    ("Cyprus", "CYP"),
    ("Czechia", "CZE"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("Democratic Republic of the Congo", "COD"),
    ("Denmark", "DNK"),
    ("Djibouti", "DJI"),
    ("Dominica", "DMA"),
    ("Dominican Republic", "DOM"),
    ("Ecuador", "ECU"),
    ("Egypt", "EGY"),
    ("El Salvador", "SLV"),
    ("Equatorial Guinea", "GNQ"),
    ("Eritrea", "ERI"),
    ("Estonia", "EST"),
    ("Eswatini", "SWZ"),
    ("Ethiopia", "ETH"),
    ("Fiji", "FJI"),
    ("Finland", "FIN"),
    ("France", "FRA"),
    ("Gabon", "GAB"),
    ("Gambia", "GMB"),
    ("Georgia", "GEO"),
    ("Germany", "DEU"),
    ("Ghana", "GHA"),
    ("Greece", "GRC"),
    ("Grenada", "GRD"),
    ("Guatemala", "GTM"),
    ("Guinea", "GIN"),
    ("Guinea-Bissau", "GNB"),
    ("Guyana", "GUY"),
    ("Haiti", "HTI"),
    ("Honduras", "HND"),
    ("Hungary", "HUN"),
    ("Iceland", "ISL"),
    ("India", "IND"),
    ("Indonesia", "IDN"),
    ("Iran (Islamic Republic of)", "IRN"),
    ("Iraq", "IRQ"),
    ("Ireland", "IRL"),
    ("Israel", "ISR"),
    ("Italy", "ITA"),
    ("Jamaica", "JAM"),
    ("Japan", "JPN"),
    ("Jordan", "JOR"),
    ("Kazakhstan", "KAZ"),
    ("Kenya", "KEN"),
    ("Kiribati", "KIR"),
    ("Kuwait", "KWT"),
    ("Kyrgyzstan", "KGZ"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Latvia", "LVA"),
    ("Lebanon", "LBN"),
    ("Lesotho", "LSO"),
    ("Liberia", "LBR"),
    ("Libya", "LBY"),
    ("Liechtenstein", "LIE"),
    ("Lithuania", "LTU"),
    ("Luxembourg", "LUX"),
    ("Madagascar", "MDG"),
    ("Malawi", "MWI"),
    ("Malaysia", "MYS"),
    ("Maldives", "MDV"),
    ("Mali", "MLI"),
    ("Malta", "MLT"),
    ("Marshall Islands", "MHL"),
    ("Mauritania", "MRT"),
    ("Mauritius", "MUS"),
    ("Mexico", "MEX"),
    ("Micronesia (Federated States of)", "FSM"),
    ("Monaco", "MCO"),
    ("Mongolia", "MNG"),
    ("Montenegro", "MNE"),
    ("Morocco", "MAR"),
    ("Mozambique", "MOZ"),
    ("Myanmar", "MMR"),
    ("Namibia", "NAM"),
    ("Nauru", "NRU"),
    ("Nepal", "NPL"),
    ("Netherlands (Kingdom of the)", "NLD"),
    ("New Zealand", "NZL"),
    ("Nicaragua", "NIC"),
    ("Niger", "NER"),
    ("Nigeria", "NGA"),
    ("North Macedonia", "MKD"),
    ("Norway", "NOR"),
    ("Oman", "OMN"),
    ("Pakistan", "PAK"),
    ("Palau", "PLW"),
    ("Panama", "PAN"),
    ("Papua New Guinea", "PNG"),
    ("Paraguay", "PRY"),
    ("Peru", "PER"),
    ("Philippines", "PHL"),
    ("Poland", "POL"),
    ("Portugal", "PRT"),
    ("Qatar", "QAT"),
    ("Republic of Korea", "KOR"),
    ("Republic of Moldova", "MDA"),
    ("Romania", "ROU"),
    ("Russian Federation", "RUS"),
    ("Rwanda", "RWA"),
    ("Saint Kitts and Nevis", "KNA"),
    ("Saint Lucia", "LCA"),
    ("Saint Vincent and the Grenadines", "VCT"),
    ("Samoa", "WSM"),
    ("San Marino", "SMR"),
    ("Sao Tome and Principe", "STP"),
    ("Saudi Arabia", "SAU"),
    ("Senegal", "SEN"),
    ("Serbia", "SRB"),
    ("Seychelles", "SYC"),
    ("Sierra Leone", "SLE"),
    ("Singapore", "SGP"),
    ("Slovakia", "SVK"),
    ("Slovenia", "SVN"),
    ("Solomon Islands", "SLB"),
    ("Somalia", "SOM"),
    ("South Africa", "ZAF"),
    ("South Sudan", "SSD"),
    ("Spain", "ESP"),
    ("Sri Lanka", "LKA"),
    ("Sudan", "SDN"),
    ("Suriname", "SUR"),
    ("Sweden", "SWE"),
    ("Switzerland", "CHE"),
    ("Syrian Arab Republic", "SYR"),
    ("Tajikistan", "TJK"),
    ("Thailand", "THA"),
    ("Timor-Leste", "TLS"),
    ("Togo", "TGO"),
    ("Tonga", "TON"),
    ("Trinidad and Tobago", "TTO"),
    ("Tunisia", "TUN"),
    ("Türkiye", "TUR"),
    ("Turkmenistan", "TKM"),
    ("Tuvalu", "TUV"),
    ("Uganda", "UGA"),
    ("Ukraine", "UKR"),
    ("United Arab Emirates", "ARE"),
    (
        "United Kingdom of Great Britain and Northern Ireland",
        "GBR",
    ),
    ("United Republic of Tanzania", "TZA"),
    ("United States of America", "USA"),
    ("Uruguay", "URY"),
    ("Uzbekistan", "UZB"),
    ("Vanuatu", "VUT"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Viet Nam", "VNM"),
    ("Yemen", "YEM"),
    ("Zambia", "ZMB"),
    ("Zimbabwe", "ZWE"),
    ("Holy See", "VAT"),
    ("State of Palestine", "PSE"),
];

/// The ISO 3166-1 alpha-3 code of the State the shipped roster lists as `name`.
pub fn iso_code(name: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, code)| *code)
}

/// Every State's name with its code.
pub(super) fn all() -> &'static [(&'static str, &'static str)] {
    CODES
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Category;
    use crate::roster::builtin;

    #[test]
    fn every_state_on_the_roster_has_one_code_and_every_code_a_state() {
        let states: Vec<&str> = builtin()
            .iter()
            .filter(|e| matches!(e.category, Category::MemberState | Category::ObserverState))
            .map(|e| e.name)
            .collect();
        assert_eq!(states.len(), 195);
        for state in &states {
            assert!(iso_code(state).is_some(), "{state} has no code");
        }
        assert_eq!(
            CODES.len(),
            states.len(),
            "a code for a name not on the roster"
        );
        let mut codes: Vec<&str> = CODES.iter().map(|(_, c)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CODES.len(), "a code given twice");
        assert!(codes
            .iter()
            .all(|c| c.len() == 3 && c.chars().all(|l| l.is_ascii_uppercase())));
    }
}
