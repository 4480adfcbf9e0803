//! Czech text for search and sorting, without an ICU dependency:
//!
//! - [`fold`] lowercases and strips diacritics, so "decin" finds "Děčín";
//! - [`sort_key`] orders as Czech does (ICU's `cs` collation): č after c,
//!   ř after r, š after s, ž after z, and the digraph "ch" after h; the
//!   other accents (á, ď, é, ě, í, ň, ó, ť, ú, ů, ý) only break ties, and
//!   case breaks ties last.

/// The letter without its diacritics, for the Latin letters Czech and its
/// neighbours use; other characters are returned as they are.
fn base(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'ă' => 'a',
        'č' | 'ç' | 'ć' => 'c',
        'ď' | 'đ' => 'd',
        'é' | 'ě' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ĺ' | 'ľ' | 'ł' => 'l',
        'ň' | 'ñ' | 'ń' => 'n',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'š' | 'ś' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ú' | 'ů' | 'ù' | 'û' | 'ü' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ž' | 'ź' | 'ż' => 'z',
        other => other,
    }
}

/// Lowercase without diacritics; runs of anything that is not a letter or a
/// digit become one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(base(c));
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether every word of `query` (already folded) begins a word of `text`
/// (already folded) or occurs inside it.
pub fn matches(text: &str, query: &str) -> bool {
    query.split(' ').filter(|w| !w.is_empty()).all(|word| text.contains(word))
}

/// Primary weight of one lowercase letter, or of "ch" (`digraph`).
fn primary(c: char) -> u16 {
    const ORDER: &str = "abcčdefghijklmnopqrřsštuvwxyzž";
    match c {
        ' ' => 1,
        '0'..='9' => 10 + (c as u16 - '0' as u16),
        _ => {
            let b = base(c);
            // Letters that are their own letter in Czech keep their accent.
            let letter = if matches!(c, 'č' | 'ř' | 'š' | 'ž') { c } else { b };
            match ORDER.chars().position(|l| l == letter) {
                // Leave room after h for "ch".
                Some(i) if i > ORDER.chars().position(|l| l == 'h').unwrap_or(0) => 100 + 2 * i as u16 + 2,
                Some(i) => 100 + 2 * i as u16,
                None => 1000 + (c as u32).min(60_000) as u16,
            }
        }
    }
}

/// The weight of "ch": right after h.
fn ch_weight() -> u16 {
    primary('h') + 1
}

/// A key that sorts strings in Czech order.
pub fn sort_key(text: &str) -> Vec<u16> {
    let lower: Vec<char> =
        text.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric() || *c == ' ').collect();
    let mut primaries = Vec::with_capacity(lower.len());
    let mut secondaries = Vec::with_capacity(lower.len());
    let mut i = 0;
    while i < lower.len() {
        if lower[i] == 'c' && lower.get(i + 1) == Some(&'h') {
            primaries.push(ch_weight());
            secondaries.push(0);
            i += 2;
            continue;
        }
        let c = lower[i];
        primaries.push(primary(c));
        secondaries.push(u16::from(base(c) != c && !matches!(c, 'č' | 'ř' | 'š' | 'ž')) + if c == 'ů' { 1 } else { 0 });
        i += 1;
    }
    let tertiary = text.chars().filter(|c| c.is_alphanumeric()).map(|c| u16::from(c.is_uppercase()));
    let mut key = primaries;
    key.push(0);
    key.extend(secondaries);
    key.push(0);
    key.extend(tertiary);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_diacritics() {
        assert_eq!(fold("Děčín – Boletice"), "decin boletice");
        assert_eq!(fold("ŽLUŤOUČKÝ kůň"), "zlutoucky kun");
        assert!(matches(&fold("NZDM Prosapia, Děčín"), &fold("decin prosap")));
        assert!(!matches(&fold("Most"), &fold("decin")));
    }

    #[test]
    fn czech_order_puts_ch_after_h_and_hacek_letters_after_their_base() {
        let mut names = vec![
            "Chomutov",
            "Hrob",
            "Cvikov",
            "Čáslav",
            "Ivančice",
            "Řevnice",
            "Rumburk",
            "Šluknov",
            "Sokolov",
            "Žatec",
            "Zlín",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            vec![
                "Cvikov",
                "Čáslav",
                "Hrob",
                "Chomutov",
                "Ivančice",
                "Rumburk",
                "Řevnice",
                "Sokolov",
                "Šluknov",
                "Zlín",
                "Žatec"
            ]
        );
    }

    #[test]
    fn plain_accents_only_break_ties() {
        let mut names = vec!["Dům", "Dub", "Dum", "dum"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["Dub", "dum", "Dum", "Dům"]);
    }
}
