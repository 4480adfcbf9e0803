//! A filter over the directory of actors: what a coordinator's saved view
//! and a directory query both are. Written as query pairs
//! (`need_area=safety&crisis=true&q=decin`): values of one key are
//! alternatives (any may match), different keys must all match.

use serde::Serialize;
use uuid::Uuid;

use super::actor::Status;
use super::error::FieldError;
use super::need_area::NeedArea;
use super::network::{NetworkState, TermKind};

/// A filter over the directory. Empty lists and `None` do not narrow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
pub struct DirectoryFilter {
    /// Primary need areas (any of them).
    pub need_areas: Vec<NeedArea>,
    /// Target groups (term ids).
    pub target_groups: Vec<Uuid>,
    /// Life situations (term ids).
    pub life_situations: Vec<Uuid>,
    /// Places served (term ids).
    pub places: Vec<Uuid>,
    /// Kinds of service (exact text).
    pub kinds: Vec<String>,
    /// Types of service (exact text).
    pub service_types: Vec<String>,
    /// Founders.
    pub founders: Vec<String>,
    /// Sectors.
    pub sectors: Vec<String>,
    /// Focus: prevention, intervention, both. An actor focused on both
    /// matches a filter for prevention or for intervention.
    pub focus: Vec<String>,
    /// Crisis network membership.
    pub crisis: Option<bool>,
    /// Forms of service.
    pub forms: Vec<String>,
    /// Online service.
    pub online: Option<bool>,
    /// Member (or coordinator) of any of these platforms.
    pub platforms: Vec<Uuid>,
    /// Member of no active platform (`true`) or of some (`false`).
    pub in_no_platform: Option<bool>,
    /// Has a fresh announcement of free capacity (`true`) or not (`false`).
    pub free_capacity: Option<bool>,
    /// Custom category values: (category id, value).
    pub custom: Vec<(Uuid, String)>,
    /// Statuses; empty means active and temporarily closed.
    pub statuses: Vec<Status>,
    /// Words to find in the name, description, kind, type and address,
    /// ignoring case and diacritics.
    pub text: Option<String>,
}

/// The query keys a filter understands, for error messages and docs.
pub const FILTER_KEYS: &[&str] = &[
    "need_area",
    "target_group",
    "life_situation",
    "place",
    "kind",
    "service_type",
    "founder",
    "sector",
    "focus",
    "crisis",
    "form",
    "online",
    "platform",
    "in_no_platform",
    "free_capacity",
    "custom.{id}",
    "status",
    "q",
];

fn flag(key: &str, value: &str) -> Result<bool, String> {
    match value {
        "true" | "1" | "yes" | "ano" => Ok(true),
        "false" | "0" | "no" | "ne" => Ok(false),
        _ => Err(format!("{key} takes true or false, not {value:?}")),
    }
}

fn id(key: &str, value: &str) -> Result<Uuid, String> {
    Uuid::parse_str(value).map_err(|_| format!("{key} takes an id, not {value:?}"))
}

impl DirectoryFilter {
    /// Reads a filter from query pairs; pairs whose key is in `ignore` (the
    /// query's own options such as `page`) are skipped. Lists every
    /// malformed pair.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        ignore: &[&str],
    ) -> Result<Self, Vec<FieldError>> {
        let mut f = Self::default();
        let mut errors = Vec::new();
        for (key, value) in pairs {
            if ignore.contains(&key) {
                continue;
            }
            let result: Result<(), String> = (|| {
                match key {
                    "need_area" => f.need_areas.push(value.parse()?),
                    "target_group" => f.target_groups.push(id(key, value)?),
                    "life_situation" => f.life_situations.push(id(key, value)?),
                    "place" => f.places.push(id(key, value)?),
                    "kind" => f.kinds.push(value.to_owned()),
                    "service_type" => f.service_types.push(value.to_owned()),
                    "founder" => f.founders.push(value.to_owned()),
                    "sector" => f.sectors.push(value.to_owned()),
                    "focus" => f.focus.push(value.to_owned()),
                    "crisis" => f.crisis = Some(flag(key, value)?),
                    "form" => f.forms.push(value.to_owned()),
                    "online" => f.online = Some(flag(key, value)?),
                    "platform" => f.platforms.push(id(key, value)?),
                    "in_no_platform" => f.in_no_platform = Some(flag(key, value)?),
                    "free_capacity" => f.free_capacity = Some(flag(key, value)?),
                    "status" => f.statuses.push(value.parse()?),
                    "q" => f.text = Some(value.trim().to_owned()).filter(|t| !t.is_empty()),
                    _ => match key.strip_prefix("custom.") {
                        Some(category) => f.custom.push((id(key, category)?, value.to_owned())),
                        None => {
                            return Err(format!("unknown filter {key:?}; filters are {}", FILTER_KEYS.join(", ")));
                        }
                    },
                }
                Ok(())
            })();
            if let Err(reason) = result {
                errors.push(FieldError { field: key.to_owned(), reason });
            }
        }
        if errors.is_empty() { Ok(f) } else { Err(errors) }
    }

    /// Parses the query-string form (`a=1&b=2`, percent-encoded).
    pub fn parse(query: &str) -> Result<Self, Vec<FieldError>> {
        let pairs: Vec<(String, String)> = form_urlencoded_pairs(query);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), &[])
    }

    /// The filter as query pairs, in a fixed order (its canonical form).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let mut push = |key: &str, value: String| pairs.push((key.to_owned(), value));
        self.need_areas.iter().for_each(|a| push("need_area", a.code().to_owned()));
        self.target_groups.iter().for_each(|v| push("target_group", v.to_string()));
        self.life_situations.iter().for_each(|v| push("life_situation", v.to_string()));
        self.places.iter().for_each(|v| push("place", v.to_string()));
        self.kinds.iter().for_each(|v| push("kind", v.clone()));
        self.service_types.iter().for_each(|v| push("service_type", v.clone()));
        self.founders.iter().for_each(|v| push("founder", v.clone()));
        self.sectors.iter().for_each(|v| push("sector", v.clone()));
        self.focus.iter().for_each(|v| push("focus", v.clone()));
        self.crisis.iter().for_each(|v| push("crisis", v.to_string()));
        self.forms.iter().for_each(|v| push("form", v.clone()));
        self.online.iter().for_each(|v| push("online", v.to_string()));
        self.platforms.iter().for_each(|v| push("platform", v.to_string()));
        self.in_no_platform.iter().for_each(|v| push("in_no_platform", v.to_string()));
        self.free_capacity.iter().for_each(|v| push("free_capacity", v.to_string()));
        self.custom.iter().for_each(|(c, v)| push(&format!("custom.{c}"), v.clone()));
        self.statuses.iter().for_each(|s| push("status", s.code().to_owned()));
        self.text.iter().for_each(|t| push("q", t.clone()));
        pairs
    }

    /// The canonical query-string form.
    pub fn to_query(&self) -> String {
        self.to_pairs()
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Checks the ids and codes the filter names against the network.
    pub fn check_against(&self, network: &NetworkState) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut term = |key: &str, kind: TermKind, ids: &[Uuid]| {
            for id in ids {
                if network.terms.get(id).is_none_or(|t| t.kind != kind) {
                    errors.push(FieldError {
                        field: key.into(),
                        reason: format!("{id} is not a {} of this network", kind.label()),
                    });
                }
            }
        };
        term("target_group", TermKind::TargetGroup, &self.target_groups);
        term("life_situation", TermKind::LifeSituation, &self.life_situations);
        term("place", TermKind::Place, &self.places);
        for (category, _) in &self.custom {
            if !network.categories.contains_key(category) {
                errors.push(FieldError {
                    field: format!("custom.{category}"),
                    reason: "no such category in this network".into(),
                });
            }
        }
        let mut codes = |key: &str, given: &[String], allowed: &[&str]| {
            for value in given.iter().filter(|v| !allowed.contains(&v.as_str())) {
                errors.push(FieldError {
                    field: key.into(),
                    reason: format!("{value:?} is not one of {}", allowed.join(", ")),
                });
            }
        };
        codes("founder", &self.founders, super::actor_fields::FOUNDERS);
        codes("sector", &self.sectors, super::actor_fields::SECTORS);
        codes("focus", &self.focus, super::actor_fields::FOCI);
        codes("form", &self.forms, super::actor_fields::FORMS);
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Splits `a=1&b=x%20y` into decoded pairs (`+` is a space).
pub fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let byte = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match byte {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_survives_its_query_form() {
        let id = Uuid::now_v7();
        let query = format!(
            "need_area=safety&need_area=health&crisis=true&place={id}&q=D%C4%9B%C4%8D%C3%ADn+sever&status=ended"
        );
        let filter = DirectoryFilter::parse(&query).unwrap();
        assert_eq!(filter.need_areas, vec![NeedArea::Safety, NeedArea::Health]);
        assert_eq!(filter.crisis, Some(true));
        assert_eq!(filter.text.as_deref(), Some("Děčín sever"));
        assert_eq!(DirectoryFilter::parse(&filter.to_query()).unwrap(), filter);
    }

    #[test]
    fn every_malformed_pair_is_named() {
        let errors = DirectoryFilter::parse("need_area=love&crisis=maybe&colour=red&place=x").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["need_area", "crisis", "colour", "place"]);
        assert!(errors[2].reason.contains("filters are"));
    }

    #[test]
    fn percent_decoding_tolerates_stray_percent_signs() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%C5%BE"), "ž");
    }
}
