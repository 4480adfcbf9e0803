//! The columns of the templates' sheets (seed 004): the actors template's
//! traditional and extended categories in its order with the network's
//! custom categories after them, the platforms template, the needs
//! template's forms and activities. Export and import read the same list,
//! so a column cannot be written one way and read another.

use crate::domain::actor_fields::{ACTOR_FIELDS, CUSTOM_PREFIX, FieldKind};
use crate::domain::network::NetworkState;

use super::cells::{self, Kind};

/// One column: the field it holds, its heading, what its cells hold.
#[derive(Clone, Debug)]
pub struct Column {
    /// The field's code (`custom.{id}` for a custom category).
    pub code: String,
    /// The heading, in Czech.
    pub header: String,
    /// What its cells hold.
    pub kind: Kind,
}

fn column(code: &str, header: &str, kind: Kind) -> Column {
    Column { code: code.to_owned(), header: header.to_owned(), kind }
}

/// The heading of every sheet's first column: the record's id.
pub const ID: &str = "ID";
/// The heading of the actors sheet's status column.
pub const STATUS: &str = "Stav";

/// An actor field's cells.
fn actor_kind(code: &'static str, kind: FieldKind) -> Kind {
    match kind {
        FieldKind::Flag => Kind::Flag,
        FieldKind::OneOf { values } => Kind::Code(code, values),
        FieldKind::ManyOf { values } => Kind::Codes(code, values),
        FieldKind::Terms { taxonomy } => Kind::Terms(taxonomy),
        FieldKind::NeedAreas => Kind::NeedAreas,
        FieldKind::Capacities => Kind::Capacities,
        FieldKind::Text { .. } | FieldKind::Email | FieldKind::Web | FieldKind::Phone => Kind::Text,
    }
}

/// The actors sheet's columns after the id: the template's fields, then
/// the network's custom categories.
pub fn actors(network: &NetworkState) -> Vec<Column> {
    let mut out: Vec<Column> =
        ACTOR_FIELDS.iter().map(|f| column(f.code, f.label_cs, actor_kind(f.code, f.kind))).collect();
    out.extend(
        network.categories.iter().map(|(id, c)| column(&format!("{CUSTOM_PREFIX}{id}"), &c.name, Kind::Custom(*id))),
    );
    out
}

/// The platforms sheet's columns after the id.
pub fn platforms() -> Vec<Column> {
    vec![
        column("name", "Název platformy", Kind::Text),
        column("platform_type", "Typ platformy", cells::PLATFORM_TYPE),
        column("coordinators", "Koordinátoři", Kind::Actors),
        column("members", "Členové", Kind::Actors),
        column("frequency_per_year", "Četnost setkání za rok", Kind::Number),
        column("frequency_note", "Četnost – poznámka", Kind::Text),
        column("composition", "Složení", Kind::Text),
        column("topics", "Témata", Kind::TextList),
        column("goals", "Cíle", Kind::TextList),
        column("need_areas", "Oblasti potřeb", Kind::NeedAreas),
        column("written_outputs", "Písemné výstupy", Kind::Flag),
        column("outputs_where", "Kde jsou výstupy", Kind::Text),
    ]
}

/// The activities sheet's columns after the id.
pub fn activities() -> Vec<Column> {
    vec![
        column("area", "Oblast potřeb", Kind::NeedArea),
        column("text", "Činnost", Kind::Text),
        column("stage", "Fáze", cells::STAGE),
        column("actor_kinds", "Druhy aktérů", Kind::TextList),
        column("local_practice", "Místní praxe", Kind::Text),
        column("actors", "Aktéři", Kind::Actors),
    ]
}
