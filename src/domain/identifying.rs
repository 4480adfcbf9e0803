//! Whether a "place wanted" request looks like it carries identifying data
//! about a child or a family: names, birth dates, birth numbers, addresses,
//! phone numbers or e-mail addresses. The board is read by a whole network;
//! a case manager describes the need ("two siblings 6–10, respite stay from
//! next week, ORP Děčín"), never the people. A request that looks like it
//! carries such data is refused with what was found, so it can be fixed.

/// Common Czech given names (nominative); a capitalised one followed by a
/// capitalised word reads as a person's name.
const GIVEN_NAMES: &[&str] = &[
    "adam",
    "adéla",
    "alena",
    "aleš",
    "alžběta",
    "andrea",
    "aneta",
    "anna",
    "antonín",
    "barbora",
    "bohumil",
    "dana",
    "daniel",
    "david",
    "denisa",
    "dominik",
    "eliška",
    "eva",
    "filip",
    "františek",
    "hana",
    "helena",
    "ivana",
    "jakub",
    "jan",
    "jana",
    "jaroslav",
    "jindřich",
    "jiří",
    "jitka",
    "josef",
    "kamila",
    "karel",
    "karolína",
    "kateřina",
    "klára",
    "kristýna",
    "lenka",
    "libor",
    "lucie",
    "ludmila",
    "lukáš",
    "marek",
    "markéta",
    "marie",
    "martin",
    "martina",
    "matěj",
    "michal",
    "michaela",
    "milan",
    "miroslav",
    "monika",
    "natálie",
    "nikola",
    "ondřej",
    "pavel",
    "pavla",
    "petr",
    "petra",
    "radek",
    "roman",
    "simona",
    "stanislav",
    "šárka",
    "štěpán",
    "tereza",
    "tomáš",
    "vanesa",
    "veronika",
    "viktorie",
    "vladimír",
    "vojtěch",
    "zdeněk",
    "zuzana",
];

/// Words that announce personal data.
const MARKERS: &[(&str, &str)] = &[
    ("jméno", "a name"),
    ("příjmení", "a surname"),
    ("nar.", "a birth date"),
    ("narozen", "a birth date"),
    ("narozená", "a birth date"),
    ("r.č.", "a birth number"),
    ("rodné číslo", "a birth number"),
    ("bytem", "an address"),
    ("bydliště", "an address"),
    ("trvalý pobyt", "an address"),
    ("ulice", "an address"),
    ("ul.", "an address"),
    ("č.p.", "an address"),
    ("tel.", "a phone number"),
    ("telefon", "a phone number"),
    ("e-mail", "an e-mail address"),
];

/// Why a "place wanted" text is refused, if it looks like it identifies a
/// child or family: the rule requests are checked by, for a page to check
/// as the person types too.
pub fn refusal(text: &str) -> Option<String> {
    let found = findings(text);
    (!found.is_empty()).then(|| {
        format!(
            "this looks like identifying data about a child or family ({}); describe the need — ages, kind of help, \
             when, which ORP — without names, birth dates, addresses, phone numbers or e-mails",
            found.join("; ")
        )
    })
}

/// What in `text` looks like identifying data, as short explanations (empty
/// when nothing does).
pub fn findings(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_lowercase();
    for (marker, what) in MARKERS {
        if contains_word(&lower, marker) {
            found.push(format!("the word {marker:?} suggests {what}"));
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for word in &words {
        let bare = word.trim_matches(|c: char| ",;:()\"'„“!?".contains(c));
        if bare.contains('@') && bare.split('@').nth(1).is_some_and(|d| d.contains('.')) {
            found.push(format!("{bare:?} looks like an e-mail address"));
        }
        if looks_like_date(bare) {
            found.push(format!("{bare:?} looks like a date of birth"));
        }
        if looks_like_birth_number(bare) {
            found.push(format!("{bare:?} looks like a birth number"));
        }
    }
    if let Some(phone) = phone_run(text) {
        found.push(format!("{phone:?} looks like a phone number"));
    }
    for pair in words.windows(2) {
        let first = pair[0].trim_matches(|c: char| !c.is_alphabetic());
        let second = pair[1].trim_matches(|c: char| !c.is_alphabetic());
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() > 1;
        if capitalised(first) && capitalised(second) && given_name(first) {
            found.push(format!("\"{first} {second}\" looks like a person's name"));
        }
        // A street and a house number: "Masarykova 12", "Husova 1420/7".
        let number = pair[1].trim_end_matches([',', '.', ';']);
        if capitalised(first)
            && first.len() > 3
            && (first.ends_with("ova") || first.ends_with("ská") || first.ends_with("í"))
            && number.chars().next().is_some_and(|c| c.is_ascii_digit())
            && number.chars().all(|c| c.is_ascii_digit() || c == '/')
            && !number.contains('–')
        {
            found.push(format!("\"{} {number}\" looks like an address", pair[0]));
        }
    }
    found
}

/// A given name, also declined ("Janu", "Petrovi", "Lucii"): the name or
/// its stem (without a final vowel, at least three letters) and at most
/// three more letters.
fn given_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    GIVEN_NAMES.iter().any(|name| {
        if lower == *name {
            return true;
        }
        let stem = name.trim_end_matches(['a', 'e', 'i', 'y', 'o', 'u']);
        stem.chars().count() >= 3 && lower.starts_with(stem) && lower.chars().count() <= stem.chars().count() + 3
    })
}

fn contains_word(lower: &str, marker: &str) -> bool {
    lower.match_indices(marker).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        before.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// `12.3.2015`, `12. 3. 2015` is split by spaces, so also `3.2015`-less
/// forms: a day, a month and a four-digit year.
fn looks_like_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['.', '/']).filter(|p| !p.is_empty()).collect();
    parts.len() == 3
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && parts[2].len() == 4
}

/// Six digits, a slash, three or four digits.
fn looks_like_birth_number(word: &str) -> bool {
    match word.split_once('/') {
        Some((a, b)) => {
            a.len() == 6
                && a.chars().all(|c| c.is_ascii_digit())
                && (3..=4).contains(&b.len())
                && b.chars().all(|c| c.is_ascii_digit())
        }
        None => word.len() == 10 && word.chars().all(|c| c.is_ascii_digit()),
    }
}

/// A run of nine or more digits joined only by spaces, `+` or `-`.
fn phone_run(text: &str) -> Option<String> {
    let mut run = String::new();
    let mut digits = 0;
    for c in text.chars().chain(std::iter::once('x')) {
        if c.is_ascii_digit() {
            digits += 1;
            run.push(c);
        } else if (c == ' ' || c == '+' || c == '-') && (digits > 0 || c == '+') {
            run.push(c);
        } else {
            if digits >= 9 {
                return Some(run.trim().to_owned());
            }
            run.clear();
            digits = 0;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::findings;

    #[test]
    fn a_described_need_passes() {
        for text in [
            "Respitní pobyt, dva sourozenci 6–10 let, od příštího týdne, ORP Děčín",
            "Hledáme doučování matematiky pro dívku 12 let, 2× týdně, Tachov",
            "Matka se 3 dětmi potřebuje krizové ubytování na 14 dní, Ústí nad Labem",
            "Chlapec 15 let, potřeba terapeutické skupiny; Most, Litvínov",
        ] {
            assert!(findings(text).is_empty(), "{text}: {:?}", findings(text));
        }
    }

    #[test]
    fn identifying_data_is_found_and_explained() {
        let cases = [
            ("Pro Janu Novákovou hledáme pobyt", "name"),
            ("Dítě: Petr Svoboda, 8 let", "name"),
            ("nar. 2015, chlapec", "birth date"),
            ("chlapec 12.3.2015", "date of birth"),
            ("RČ 150312/1234", "birth number"),
            ("bydlí Masarykova 12, Děčín", "address"),
            ("volejte matce 777 123 456", "phone"),
            ("kontakt rodina@seznam.cz", "e-mail"),
            ("jméno sdělím telefonicky", "name"),
        ];
        for (text, what) in cases {
            let found = findings(text);
            assert!(found.iter().any(|f| f.contains(what)), "{text}: expected {what}, found {found:?}");
        }
    }
}
