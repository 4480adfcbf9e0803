//! Checks of free text and of the few formats the templates hold (e-mail,
//! web address, phone). Each returns the cleaned value or says what is
//! wrong.

/// Trims `text` and requires 1 to `max` characters without control
/// characters (new lines allowed).
pub fn required_text(field: &str, text: &str, max: usize) -> Result<String, String> {
    let text = optional_text(field, text, max)?;
    if text.is_empty() {
        return Err(format!("{field} must not be empty"));
    }
    Ok(text)
}

/// Trims `text` and allows 0 to `max` characters without control
/// characters (new lines allowed).
pub fn optional_text(field: &str, text: &str, max: usize) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(format!("{field} is longer than {max} characters"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(format!("{field} contains control characters"));
    }
    Ok(text.to_owned())
}

/// An e-mail address: one `@`, something before it, a dotted domain after.
pub fn email(text: &str) -> Result<String, String> {
    let text = text.trim();
    let ok = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
                && !domain.contains('@')
        }
        None => false,
    };
    if ok && text.len() <= 254 { Ok(text.to_owned()) } else { Err(format!("{text:?} is not an e-mail address")) }
}

/// A web address: `http://` or `https://` and a host; a bare host gets
/// `https://`.
pub fn web(text: &str) -> Result<String, String> {
    let text = text.trim();
    let full = if text.starts_with("http://") || text.starts_with("https://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let host = full.split("://").nth(1).unwrap_or("").split('/').next().unwrap_or("");
    if host.contains('.') && !host.chars().any(char::is_whitespace) && full.len() <= 500 {
        Ok(full)
    } else {
        Err(format!("{text:?} is not a web address"))
    }
}

/// A phone number: digits, spaces and an optional leading `+`, 9 to 15
/// digits.
pub fn phone(text: &str) -> Result<String, String> {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let allowed = text.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == ' ' || (c == '+' && i == 0));
    if allowed && (9..=15).contains(&digits) {
        Ok(text.to_owned())
    } else {
        Err(format!("{text:?} is not a phone number (digits and spaces, optionally starting with +)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_accept_the_usual_and_refuse_the_rest() {
        assert_eq!(email(" info@kotec.cz ").as_deref(), Ok("info@kotec.cz"));
        assert!(email("info@kotec").is_err());
        assert!(email("a@b.cz, c@d.cz").is_err());
        assert_eq!(web("www.domus.cz").as_deref(), Ok("https://www.domus.cz"));
        assert!(web("not a site").is_err());
        assert!(phone("+420 777 123 456").is_ok());
        assert!(phone("777-123").is_err());
        assert!(required_text("name", "  ", 10).is_err());
        assert!(optional_text("note", "a\u{7}b", 10).is_err());
        assert_eq!(optional_text("note", " řádek\ndruhý ", 20).as_deref(), Ok("řádek\ndruhý"));
    }
}
