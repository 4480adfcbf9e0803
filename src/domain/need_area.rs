//! The six areas children's needs fall in — always exactly these, in this
//! order (seed 004, §2.1).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the six need areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NeedArea {
    /// VZTAHY
    Relationships,
    /// BEZPEČÍ
    Safety,
    /// ZDRAVÍ
    Health,
    /// UČENÍ
    Learning,
    /// CHOVÁNÍ
    Behaviour,
    /// MATERIÁLNÍ ZAJIŠTĚNÍ
    Material,
}

impl NeedArea {
    /// All six, in their fixed order.
    pub const ALL: [NeedArea; 6] =
        [Self::Relationships, Self::Safety, Self::Health, Self::Learning, Self::Behaviour, Self::Material];

    /// The stable code used in the API and in stored events.
    pub fn code(self) -> &'static str {
        match self {
            Self::Relationships => "relationships",
            Self::Safety => "safety",
            Self::Health => "health",
            Self::Learning => "learning",
            Self::Behaviour => "behaviour",
            Self::Material => "material",
        }
    }

    /// The Czech label, as the templates write it.
    pub fn label_cs(self) -> &'static str {
        match self {
            Self::Relationships => "VZTAHY",
            Self::Safety => "BEZPEČÍ",
            Self::Health => "ZDRAVÍ",
            Self::Learning => "UČENÍ",
            Self::Behaviour => "CHOVÁNÍ",
            Self::Material => "MATERIÁLNÍ ZAJIŠTĚNÍ",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Relationships => "relationships",
            Self::Safety => "safety",
            Self::Health => "health",
            Self::Learning => "learning",
            Self::Behaviour => "behaviour",
            Self::Material => "material security",
        }
    }
}

impl fmt::Display for NeedArea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for NeedArea {
    type Err = String;

    fn from_str(code: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|a| a.code() == code).ok_or_else(|| {
            let codes: Vec<_> = Self::ALL.iter().map(|a| a.code()).collect();
            format!("unknown need area {code:?}; the six areas are {}", codes.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_name_the_six() {
        for area in NeedArea::ALL {
            assert_eq!(area.code().parse::<NeedArea>(), Ok(area));
        }
        let err = "love".parse::<NeedArea>().unwrap_err();
        assert!(err.contains("relationships, safety, health, learning, behaviour, material"), "{err}");
        assert_eq!(NeedArea::Material.label_cs(), "MATERIÁLNÍ ZAJIŠTĚNÍ");
    }
}
