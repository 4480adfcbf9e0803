//! Identifiers. Regions and networks have readable slugs (`ustecky`,
//! `decin`); everything else has a UUID v7 chosen by whoever creates it, so a
//! retried create is idempotent.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A readable identifier: 2 to 63 lowercase ASCII letters, digits and
/// single dashes, starting with a letter (`usti-nad-labem`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    /// Parses a slug, saying what is wrong when it is not one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ok_chars = text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let starts = text.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if (2..=63).contains(&text.len()) && ok_chars && starts && !text.ends_with('-') && !text.contains("--") {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is not a valid identifier: use 2–63 lowercase letters without diacritics, digits and single dashes, starting with a letter (e.g. usti-nad-labem)"
            ))
        }
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> String {
        slug.0
    }
}

/// Parses a UUID given as text, naming the field when it is not one.
pub fn parse_uuid(field: &str, text: &str) -> Result<Uuid, String> {
    Uuid::parse_str(text).map_err(|_| format!("{field} {text:?} is not a UUID"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_ascii() {
        for good in ["decin", "usti-nad-labem", "cz042", "ab"] {
            assert!(Slug::parse(good).is_ok(), "{good}");
        }
        for bad in ["Děčín", "a", "-decin", "decin-", "usti--labem", "9decin", "de cin", ""] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
