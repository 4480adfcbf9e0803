//! The query strings that handlers read by hand — the directory's page and
//! filter, the board's history — described as types, so the OpenAPI
//! document declares each parameter. The handlers read them with their
//! own parsers (`routes/actors.rs`, `domain/filter.rs`, `board/reader.rs`),
//! which give a problem that names the parameter; the tests below hold the
//! two to the same names.

#![allow(dead_code)] // Described for the document; read by the parsers named above.

use schemars::JsonSchema;
use uuid::Uuid;

use crate::audit::timeline::Clock;
use crate::domain::actor_parts::Status;
use crate::domain::need_area::NeedArea;

/// How a directory page is ordered.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortParam {
    /// By name, in Czech order (the default).
    Name,
    /// Most recently changed first.
    Updated,
}

/// A page of the directory, at a position or a date.
#[derive(JsonSchema)]
pub struct PageParams {
    /// The page, from 1 (the default).
    #[schemars(range(min = 1))]
    page: Option<u64>,
    /// Actors per page, 1 to 200 (default 50).
    #[schemars(range(min = 1, max = 200))]
    per_page: Option<u64>,
    /// The order.
    sort: Option<SortParam>,
    /// Wait until the read models have applied this position.
    min_position: Option<u64>,
    /// A date (`2025-06-30`: the end of that day, UTC) or an instant (RFC
    /// 3339): answer as the network was then.
    as_of: Option<String>,
    /// Which date `as_of` goes by.
    clock: Option<Clock>,
}

/// The directory's query: a page and a filter. Every filter may be
/// repeated (any of the values); different filters all apply. A custom
/// category's value is `custom.{category id}={value}`.
#[derive(JsonSchema)]
pub struct DirectoryParams {
    #[serde(flatten)]
    page: PageParams,
    /// A primary need area.
    need_area: Option<Vec<NeedArea>>,
    /// A target group (a term's id).
    target_group: Option<Vec<Uuid>>,
    /// A life situation (a term's id).
    life_situation: Option<Vec<Uuid>>,
    /// A place served (a term's id).
    place: Option<Vec<Uuid>>,
    /// A kind of service (exact text).
    kind: Option<Vec<String>>,
    /// A type of service (exact text).
    service_type: Option<Vec<String>>,
    /// A founder.
    founder: Option<Vec<String>>,
    /// A sector.
    sector: Option<Vec<String>>,
    /// Focus: `prevention`, `intervention` or `both`.
    focus: Option<Vec<String>>,
    /// In the crisis network.
    crisis: Option<bool>,
    /// A form of service.
    form: Option<Vec<String>>,
    /// Serves online.
    online: Option<bool>,
    /// A member (or coordinator) of this platform.
    platform: Option<Vec<Uuid>>,
    /// In no active platform (`true`) or in some (`false`).
    in_no_platform: Option<bool>,
    /// Has a fresh announcement of free places (`true`) or not (`false`).
    free_capacity: Option<bool>,
    /// A status; without one, active and temporarily closed actors.
    status: Option<Vec<Status>>,
    /// Words in the name, description, kind, type or address, regardless
    /// of case and diacritics.
    q: Option<String>,
}

/// The board's history: frames after a position, with the socket's
/// filters (comma-separated lists).
#[derive(JsonSchema)]
pub struct BoardParams {
    /// The position to read after; without it, the current board.
    from: Option<u64>,
    /// Frames at most, 1 to 1,000 (default 100).
    limit: Option<u64>,
    /// Wait until the read models have applied this position.
    min_position: Option<u64>,
    /// Networks (slugs).
    networks: Option<String>,
    /// Kinds of post: `capacity`, `event`, `project`, `news`,
    /// `meeting_outcome`, `place_wanted`.
    kinds: Option<String>,
    /// Need area codes.
    need_areas: Option<String>,
    /// Actor ids.
    actors: Option<String>,
    /// Platform ids.
    platforms: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<T: JsonSchema>() -> Vec<String> {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
        let mut names: Vec<String> = schema
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    fn sorted(keys: impl IntoIterator<Item = &'static str>) -> Vec<String> {
        let mut keys: Vec<String> = keys.into_iter().map(str::to_owned).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_directory_parameters_are_the_ones_its_parsers_read() {
        let options = crate::http::routes::actors::OPTIONS;
        assert_eq!(names::<PageParams>(), sorted(options.iter().copied()));
        // `custom.{id}` is a family of names, told in the type's description.
        let (custom, fixed): (Vec<&str>, Vec<&str>) =
            crate::domain::filter::FILTER_KEYS.iter().partition(|k| k.starts_with("custom."));
        assert_eq!(names::<DirectoryParams>(), sorted(options.iter().copied().chain(fixed)));
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<DirectoryParams>();
        let description = schema.get("description").and_then(|d| d.as_str()).unwrap_or_default();
        assert!(custom.iter().all(|k| description.contains(&k.replace("{id}", "{category id}"))), "{description}");
    }

    #[test]
    fn the_board_parameters_are_the_ones_its_parser_reads() {
        let lists = ["networks", "kinds", "need_areas", "actors", "platforms"];
        let mut expected = sorted(lists);
        expected.extend(["from", "limit", "min_position"].map(str::to_owned));
        expected.sort();
        assert_eq!(names::<BoardParams>(), expected);
        for key in lists {
            let read = crate::board::reader::FilterLists::from_query(&[(key.to_owned(), "x,y".to_owned())]);
            let got = match key {
                "networks" => read.networks,
                "kinds" => read.kinds,
                "need_areas" => read.need_areas,
                "actors" => read.actors,
                _ => read.platforms,
            };
            assert_eq!(got, ["x", "y"], "{key} is read as a list");
        }
    }
}
