//! The actor template as form inputs: each field of the template and each
//! custom category of the network becomes an input (text, a choice, boxes
//! to tick, yes/no, a number per capacity unit), rendered from the values
//! as the form sends them — so a form shown again after an error keeps
//! exactly what was typed — and read back into field values. Checking the
//! values is the domain's (`actor_fields::check_value`), not this module's:
//! here only what a form cannot say otherwise (a number that is not a
//! number) is refused.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::i18n::{Lang, Msg};
use crate::domain::NeedArea;
use crate::domain::actor_fields::{ACTOR_FIELDS, CUSTOM_PREFIX, FieldKind};
use crate::domain::network::{CategoryKind, NetworkState, TermKind};
use crate::domain::value::{CAPACITY_UNITS, CapacityLimit, Value};

/// How a field is entered.
#[derive(Clone, Debug)]
pub enum Input {
    /// One line of text (`long`: several lines).
    Text {
        /// A text area rather than a line.
        long: bool,
        /// The `type` of the input (`text`, `email`, `url`, `tel`).
        kind: &'static str,
    },
    /// Yes, no or not said.
    Flag,
    /// A whole number.
    Number,
    /// One of the options (code, label).
    Choice(Vec<(String, String)>),
    /// Any of the options (code, label).
    Many(Vec<(String, String)>),
    /// The registered maximum per capacity unit.
    Capacities,
}

/// One field of the form.
#[derive(Clone, Debug)]
pub struct Field {
    /// The field's code (also the input's name).
    pub code: String,
    /// Its label.
    pub label: String,
    /// How it is entered.
    pub input: Input,
    /// The group of the template it belongs to.
    pub group: Group,
}

/// The template's groups of fields (seed 004: identification, what the
/// service does, where and how to reach it, capacity; then the network's
/// own categories).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Name, description, kind, type, founder, sector.
    Identity,
    /// Need areas, target groups, life situations, focus, form, crisis.
    Work,
    /// Places, address, contacts, opening hours, online.
    Reach,
    /// Registered capacity.
    Capacity,
    /// The network's custom categories.
    Custom,
}

impl Group {
    /// The heading of the group.
    pub fn title(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Self::Identity => Msg::GroupIdentity,
            Self::Work => Msg::GroupWork,
            Self::Reach => Msg::GroupReach,
            Self::Capacity => Msg::GroupCapacity,
            Self::Custom => Msg::GroupCustom,
        })
    }

    fn of(code: &str) -> Self {
        match code {
            "name" | "description" | "kind" | "service_type" | "founder" | "sector" => Self::Identity,
            "need_areas" | "target_groups" | "life_situations" | "focus" | "forms" | "crisis_network"
            | "crisis_contact" => Self::Work,
            "capacities" | "capacity_public" => Self::Capacity,
            _ => Self::Reach,
        }
    }
}

fn codes(field: &str, values: &[&str]) -> Vec<(String, String)> {
    values.iter().map(|v| ((*v).to_owned(), crate::czech::code_name(field, v).unwrap_or(v).to_owned())).collect()
}

/// The terms of `kind` a form may offer, in Czech order: the live ones, and
/// of the retired ones those in `held` (a record keeps what it holds).
pub fn live_terms(network: &NetworkState, kind: TermKind, held: &[String]) -> Vec<(uuid::Uuid, String)> {
    let mut out: Vec<(uuid::Uuid, String)> = network
        .terms
        .iter()
        .filter(|(id, t)| t.kind == kind && (!t.retired || held.contains(&id.to_string())))
        .map(|(id, t)| (*id, t.name.clone()))
        .collect();
    out.sort_by_cached_key(|(_, name)| crate::projections::czech::sort_key(name));
    out
}

/// The live terms of `kind` of network `slug`, in Czech order.
pub fn network_terms(
    model: &crate::projections::Model,
    slug: &crate::domain::ids::Slug,
    kind: TermKind,
) -> Vec<(uuid::Uuid, String)> {
    model.networks.get(slug).map(|n| live_terms(&n.state, kind, &[])).unwrap_or_default()
}

/// A term of network `slug` by name (its id if unknown).
pub fn term_name(model: &crate::projections::Model, slug: &crate::domain::ids::Slug, id: &uuid::Uuid) -> String {
    model.networks.get(slug).and_then(|n| n.state.terms.get(id)).map_or_else(|| id.to_string(), |t| t.name.clone())
}

fn terms(network: &NetworkState, kind: TermKind, held: &[String]) -> Vec<(String, String)> {
    live_terms(network, kind, held).into_iter().map(|(id, name)| (id.to_string(), name)).collect()
}

/// The fields of `network`'s actor template, grouped as the template
/// groups them; `held` gives the terms an actor holds (a retired term it
/// holds is still shown).
pub fn template(network: &NetworkState, held: &BTreeMap<String, Value>) -> Vec<Field> {
    let held_list = |code: &str| held.get(code).and_then(Value::as_list).map(<[String]>::to_vec).unwrap_or_default();
    let mut out: Vec<Field> = ACTOR_FIELDS
        .iter()
        .map(|spec| {
            let input = match spec.kind {
                FieldKind::Text { max } => Input::Text { long: max > 300, kind: "text" },
                FieldKind::Email => Input::Text { long: false, kind: "email" },
                FieldKind::Web => Input::Text { long: false, kind: "url" },
                FieldKind::Phone => Input::Text { long: false, kind: "tel" },
                FieldKind::Flag => Input::Flag,
                FieldKind::OneOf { values } => Input::Choice(codes(spec.code, values)),
                FieldKind::ManyOf { values } => Input::Many(codes(spec.code, values)),
                FieldKind::Terms { taxonomy } => Input::Many(terms(network, taxonomy, &held_list(spec.code))),
                FieldKind::NeedAreas => {
                    Input::Many(NeedArea::ALL.iter().map(|a| (a.code().to_owned(), a.label_cs().to_owned())).collect())
                }
                FieldKind::Capacities => Input::Capacities,
            };
            Field { code: spec.code.to_owned(), label: spec.label_cs.to_owned(), input, group: Group::of(spec.code) }
        })
        .collect();
    out.sort_by_key(|f| f.group);
    out.extend(network.categories.iter().map(|(id, c)| {
        let options = || c.allowed.iter().map(|a| (a.clone(), a.clone())).collect();
        let input = match c.kind {
            CategoryKind::Text => Input::Text { long: false, kind: "text" },
            CategoryKind::YesNo => Input::Flag,
            CategoryKind::Number => Input::Number,
            CategoryKind::OneOf => Input::Choice(options()),
            CategoryKind::ManyOf => Input::Many(options()),
        };
        Field { code: format!("{CUSTOM_PREFIX}{id}"), label: c.name.clone(), input, group: Group::Custom }
    }));
    out
}

/// What a form sent: its fields as pairs, a key repeated for each ticked box.
#[derive(Clone, Debug, Default)]
pub struct Sent(pub Vec<(String, String)>);

impl Sent {
    /// The first value of `key` (empty when absent).
    pub fn one(&self, key: &str) -> &str {
        self.0.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.as_str())
    }

    /// The id a creating form carries (`klic`), fixed when the form was
    /// shown, so a second send finds the record written; a fresh one if the
    /// form has none.
    pub fn key(&self) -> uuid::Uuid {
        uuid::Uuid::parse_str(self.one("klic")).unwrap_or_else(|_| uuid::Uuid::now_v7())
    }

    /// Every value of `key`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    /// Replaces what was sent for `field` with `value` as the form sends it.
    pub fn set(&mut self, field: &Field, value: Option<&Value>) {
        let prefix = format!("{}.", field.code);
        self.0.retain(|(k, _)| k != &field.code && !k.starts_with(&prefix));
        self.0.extend(pairs(field, value));
    }

    /// The values of a record as its form would send them.
    pub fn of(fields: &[Field], values: &BTreeMap<String, Value>) -> Self {
        Self(fields.iter().flat_map(|f| pairs(f, values.get(&f.code))).collect())
    }
}

/// `value` of `field` as the form sends it.
fn pairs(field: &Field, value: Option<&Value>) -> Vec<(String, String)> {
    let code = field.code.clone();
    match value {
        None => Vec::new(),
        Some(Value::Text(t)) => vec![(code, t.clone())],
        Some(Value::Number(n)) => vec![(code, n.to_string())],
        Some(Value::Flag(b)) => vec![(code, if *b { "ano" } else { "ne" }.to_owned())],
        Some(Value::List(items)) => items.iter().map(|i| (code.clone(), i.clone())).collect(),
        Some(Value::Capacities(limits)) => {
            limits.iter().map(|l| (format!("{code}.{}", l.unit), l.max.to_string())).collect()
        }
    }
}

/// A whole number as people type it (spaces between thousands allowed).
fn whole(text: &str) -> Option<i64> {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().parse().ok()
}

/// The value of `field` the form sent (`None`: left empty), or why it is
/// not a value (in `lang`).
pub fn read(lang: Lang, field: &Field, sent: &Sent) -> Result<Option<Value>, String> {
    let one = sent.one(&field.code).trim();
    Ok(match &field.input {
        Input::Text { .. } | Input::Choice(_) => (!one.is_empty()).then(|| Value::Text(one.to_owned())),
        Input::Flag => match one {
            "ano" => Some(Value::Flag(true)),
            "ne" => Some(Value::Flag(false)),
            _ => None,
        },
        Input::Number if one.is_empty() => None,
        Input::Number => Some(Value::Number(whole(one).ok_or_else(|| lang.t(Msg::WholeNumber).to_owned())?)),
        Input::Many(_) => {
            let items: Vec<String> = sent.all(&field.code).iter().map(|s| (*s).to_owned()).collect();
            (!items.is_empty()).then_some(Value::List(items))
        }
        Input::Capacities => {
            let mut limits = Vec::new();
            for unit in CAPACITY_UNITS {
                let text = sent.one(&format!("{}.{unit}", field.code)).trim();
                if text.is_empty() {
                    continue;
                }
                let max = whole(text)
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| lang.t(Msg::CapacityNumber).to_owned())?;
                limits.push(CapacityLimit { unit: unit.to_owned(), max });
            }
            (!limits.is_empty()).then_some(Value::Capacities(limits))
        }
    })
}

/// Whether two values of a field say the same (lists in any order; an
/// empty value is no value).
pub fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    fn norm(v: Option<&Value>) -> Option<Value> {
        match v? {
            v if v.is_empty() => None,
            Value::List(l) => {
                let mut l = l.clone();
                l.sort();
                Some(Value::List(l))
            }
            Value::Capacities(c) => {
                let mut c = c.clone();
                c.sort_by(|a, b| a.unit.cmp(&b.unit));
                Some(Value::Capacities(c))
            }
            v => Some(v.clone()),
        }
    }
    norm(a) == norm(b)
}

/// The input of `field` showing what `sent` holds, with its `error` (in
/// the person's words) and a `note` under it (e.g. what someone else
/// changed it to meanwhile).
pub fn input(lang: Lang, field: &Field, sent: &Sent, error: Option<&str>, note: Option<&Markup>) -> Markup {
    let id = field.code.replace('.', "-");
    let one = sent.one(&field.code);
    let described = format!("{id}-chyba");
    html! {
        @match &field.input {
            Input::Many(options) => {
                fieldset class={ "pole" @if error.is_some() { " s-chybou" } } id=(id) {
                    legend { (field.label) }
                    @if let Some(e) = error { p class="chyba-pole" { (e) } }
                    @if let Some(n) = note { (n) }
                    @let ticked = sent.all(&field.code);
                    div class="volby" {
                        @for (i, (code, label)) in options.iter().enumerate() {
                            label for={ (id) "-" (i) } {
                                input type="checkbox" id={ (id) "-" (i) } name=(field.code) value=(code) checked[ticked.contains(&code.as_str())];
                                " " (label)
                            }
                        }
                    }
                }
            }
            Input::Capacities => {
                fieldset class={ "pole" @if error.is_some() { " s-chybou" } } id=(id) {
                    legend { (field.label) }
                    p class="napoveda" { (lang.t(Msg::CapacityHint)) }
                    @if let Some(e) = error { p class="chyba-pole" { (e) } }
                    @if let Some(n) = note { (n) }
                    div class="kapacity" {
                        @for unit in CAPACITY_UNITS {
                            @let name = format!("{}.{unit}", field.code);
                            div {
                                label for={ (id) "-" (unit) } { (crate::czech::unit_name(unit)) }
                                input type="text" inputmode="numeric" id={ (id) "-" (unit) } name=(name) value=(sent.one(&name)) size="6";
                            }
                        }
                    }
                }
            }
            _ => {
                div class={ "pole" @if error.is_some() { " s-chybou" } } {
                    label for=(id) { (field.label) }
                    @if let Some(e) = error { p class="chyba-pole" id=(described) { (e) } }
                    @if let Some(n) = note { (n) }
                    @match &field.input {
                        Input::Text { long: true, .. } => {
                            textarea id=(id) name=(field.code) rows="4" aria-describedby=[error.map(|_| &described)] { (one) }
                        }
                        Input::Text { kind, .. } => {
                            input id=(id) name=(field.code) type=(kind) value=(one) aria-describedby=[error.map(|_| &described)];
                        }
                        Input::Number => {
                            input id=(id) name=(field.code) type="text" inputmode="numeric" value=(one) aria-describedby=[error.map(|_| &described)];
                        }
                        Input::Flag => {
                            select id=(id) name=(field.code) {
                                option value="" { (lang.t(Msg::NotSaid)) }
                                option value="ano" selected[one == "ano"] { (lang.t(Msg::Yes)) }
                                option value="ne" selected[one == "ne"] { (lang.t(Msg::No)) }
                            }
                        }
                        Input::Choice(options) => {
                            select id=(id) name=(field.code) {
                                option value="" { (lang.t(Msg::NotSaid)) }
                                @for (code, label) in options {
                                    option value=(code) selected[one == code] { (label) }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The anchor of `field`'s input, for the error summary's links.
pub fn anchor(field: &str) -> String {
    field.replace('.', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_read_back_from_its_own_form_is_the_same_record() {
        let network = NetworkState::default();
        let mut values = BTreeMap::new();
        values.insert("name".to_owned(), Value::Text("Klub Kotec".into()));
        values.insert("online".to_owned(), Value::Flag(false));
        values.insert("forms".to_owned(), Value::List(vec!["outpatient".into(), "field".into()]));
        values
            .insert("capacities".to_owned(), Value::Capacities(vec![CapacityLimit { unit: "bed".into(), max: 1200 }]));
        let fields = template(&network, &values);
        let sent = Sent::of(&fields, &values);
        for field in &fields {
            let back = read(Lang::Cs, field, &sent).expect("a value");
            assert!(same(back.as_ref(), values.get(&field.code)), "{} came back as {back:?}", field.code);
        }
        let mut typed = sent.clone();
        typed.0.push(("capacities.hour".into(), "dvě".into()));
        let capacities = fields.iter().find(|f| f.code == "capacities").unwrap();
        assert_eq!(read(Lang::Cs, capacities, &typed), Err(Lang::Cs.t(Msg::CapacityNumber).to_owned()));
    }
}
