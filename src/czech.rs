//! Czech as people write it: plural forms by count (1 volné místo, 2 volná
//! místa, 5 volných míst), capacity units in Czech, dates (`5. 12. 2026`)
//! and numbers (`1 234`, with a no-break space). Pages, board titles and
//! reports say their figures through these, never with English words or
//! Rust's own formatting.

use chrono::{DateTime, Utc};

/// Which of the three Czech plural forms a count takes: 1; 2–4; 0 and 5+.
/// Negative counts take the form of their absolute value.
pub fn form(count: i64) -> usize {
    match count.unsigned_abs() {
        1 => 0,
        2..=4 => 1,
        _ => 2,
    }
}

/// `count` followed by the word in its form: `forms` are the words for 1,
/// for 2–4 and for 5 and more (`["místo", "místa", "míst"]`).
pub fn count(count: i64, forms: [&str; 3]) -> String {
    format!("{} {}", number(count), forms[form(count)])
}

/// The Czech words for a capacity unit (the code stored in the record), for
/// 1, for 2–4 and for 5 and more; an unknown code is shown as it is.
pub fn unit_forms(unit: &str) -> [&str; 3] {
    match unit {
        "bed" => ["lůžko", "lůžka", "lůžek"],
        "client" => ["klient", "klienti", "klientů"],
        "contact" => ["kontakt", "kontakty", "kontaktů"],
        "intervention" => ["intervence", "intervence", "intervencí"],
        "hour" => ["hodina", "hodiny", "hodin"],
        "place" => ["místo", "místa", "míst"],
        other => [other, other, other],
    }
}

/// The unit's name on its own (a column heading, a label): "lůžka".
pub fn unit_name(unit: &str) -> &str {
    unit_forms(unit)[1]
}

/// "3 volná lůžka", "1 volná hodina", "5 volných míst": free places in a
/// unit, the adjective agreeing with the noun in gender and number.
pub fn free(count: u32, unit: &str) -> String {
    let n = i64::from(count);
    let phrase: [&str; 3] = match unit {
        "bed" => ["volné lůžko", "volná lůžka", "volných lůžek"],
        "client" => ["volné místo pro klienta", "volná místa pro klienty", "volných míst pro klienty"],
        "contact" => ["volný kontakt", "volné kontakty", "volných kontaktů"],
        "intervention" => ["volná intervence", "volné intervence", "volných intervencí"],
        "hour" => ["volná hodina", "volné hodiny", "volných hodin"],
        "place" => ["volné místo", "volná místa", "volných míst"],
        _ => return format!("{} volných ({unit})", number(n)),
    };
    format!("{} {}", number(n), phrase[form(n)])
}

/// The Czech name of a code of the actors template's fixed lists (founder,
/// sector, form, focus), for the field it belongs to; `None` for any other.
pub fn code_name(field: &str, code: &str) -> Option<&'static str> {
    Some(match (field, code) {
        ("founder", "municipality") => "obec",
        ("founder", "region") => "kraj",
        ("founder", "state") => "stát",
        ("founder", "church") => "církev",
        ("founder", "ngo") => "nestátní nezisková organizace",
        ("founder", "private") => "soukromý subjekt",
        ("sector", "social_affairs") => "sociální věci",
        ("sector", "education") => "školství",
        ("sector", "health") => "zdravotnictví",
        ("sector", "interior") => "vnitro",
        ("sector", "justice") => "spravedlnost",
        ("sector", "other") => "jiný",
        ("forms", "field") => "terénní",
        ("forms", "outpatient") => "ambulantní",
        ("forms", "residential") => "pobytová",
        ("focus", "prevention") => "prevence",
        ("focus", "intervention") => "intervence",
        ("focus", "both") => "prevence i intervence",
        ("platform_type", "interdisciplinary") => "platforma mezioborové spolupráce",
        ("platform_type", "mini_team") => "minitým",
        ("platform_type", "case_conference") => "případová konference",
        ("platform_type", "formal") => "formálně ukotvená nebo resortní platforma",
        ("stage", "prevention") => "prevence",
        ("stage", "intervention") => "intervence",
        _ => return None,
    })
}

/// A number with its thousands set apart by no-break spaces: `1 234 567`.
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// A date as Czech writes it: `5. 12. 2026` (in UTC).
pub fn date(at: DateTime<Utc>) -> String {
    at.format("%-d. %-m. %Y").to_string()
}

/// A date and time: `5. 12. 2026 14:05` (in UTC).
pub fn date_time(at: DateTime<Utc>) -> String {
    at.format("%-d. %-m. %Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms_follow_the_count() {
        assert_eq!(count(1, ["místo", "místa", "míst"]), "1 místo");
        assert_eq!(count(2, ["místo", "místa", "míst"]), "2 místa");
        assert_eq!(count(4, ["místo", "místa", "míst"]), "4 místa");
        assert_eq!(count(5, ["místo", "místa", "míst"]), "5 míst");
        assert_eq!(count(0, ["místo", "místa", "míst"]), "0 míst");
        assert_eq!(count(12, ["místo", "místa", "míst"]), "12 míst");
    }

    #[test]
    fn free_places_agree_with_their_unit() {
        assert_eq!(free(1, "place"), "1 volné místo");
        assert_eq!(free(2, "place"), "2 volná místa");
        assert_eq!(free(5, "place"), "5 volných míst");
        assert_eq!(free(1, "bed"), "1 volné lůžko");
        assert_eq!(free(3, "bed"), "3 volná lůžka");
        assert_eq!(free(0, "bed"), "0 volných lůžek");
        assert_eq!(free(1, "hour"), "1 volná hodina");
        assert_eq!(free(2, "hour"), "2 volné hodiny");
        assert_eq!(free(1, "client"), "1 volné místo pro klienta");
        assert_eq!(free(7, "client"), "7 volných míst pro klienty");
        assert_eq!(free(1234, "place"), "1\u{a0}234 volných míst");
    }

    #[test]
    fn numbers_and_dates_are_written_the_czech_way() {
        assert_eq!(number(1234), "1\u{a0}234");
        assert_eq!(number(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(number(999), "999");
        assert_eq!(number(-1200), "-1\u{a0}200");
        let at = DateTime::parse_from_rfc3339("2026-12-05T14:05:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(date(at), "5. 12. 2026");
        assert_eq!(date_time(at), "5. 12. 2026 14:05");
    }
}
