//! The one form names are compared in, wherever a name is looked up: the shipped roster, the
//! finder, the CSV import, the merge of JSON exports.

/// The form names are compared in: lower case, accents dropped, dots and apostrophes removed,
/// any other run of punctuation or spaces made one space. "Côte d’Ivoire" and "cote
/// d'ivoire" both become "cote divoire"; "U.S.A." becomes "usa"; "Guinea-Bissau" becomes
/// "guinea bissau".
pub fn search_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if matches!(c, '.' | '\'' | '’' | '‘' | 'ʼ') || is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !key.is_empty() {
                key.push(' ');
            }
            pending_space = false;
            match fold_accent(c) {
                Some(folded) => key.push_str(folded),
                None => key.push(c),
            }
        } else {
            pending_space = true;
        }
    }
    key
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The unaccented spelling of the Latin letters that occur in names of States and
/// organisations; other characters are kept as they are.
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_ignore_case_accents_and_punctuation() {
        assert_eq!(search_key("Côte d’Ivoire"), "cote divoire");
        assert_eq!(search_key("  Guinea-Bissau "), "guinea bissau");
        assert_eq!(search_key("U.S.A."), "usa");
        assert_eq!(search_key("TÜRKİYE"), "turkiye");
        assert_eq!(
            search_key("Bolivia (Plurinational State of)"),
            "bolivia plurinational state of"
        );
    }
}
