//! Form controls as components: a labelled input with its hint and its
//! problem (the GOV.UK pattern: label above, hint under it, the problem in
//! red above the input, the input tied to both by `aria-describedby`), a
//! text area, a choice, and the CSRF field every form carries.

use maud::{Markup, html};

use super::fields::Sent;

/// What one control shows.
pub struct Control<'a> {
    /// The input's name (also its id).
    pub name: &'a str,
    /// Its label.
    pub label: &'a str,
    /// A hint under the label.
    pub hint: Option<&'a str>,
    /// The problem with what was sent.
    pub error: Option<&'a str>,
}

impl<'a> Control<'a> {
    /// A control `name` labelled `label`, with the problem `errors` hold for it.
    pub fn new(name: &'a str, label: &'a str, errors: &'a std::collections::BTreeMap<String, String>) -> Self {
        Self { name, label, hint: None, error: errors.get(name).map(String::as_str) }
    }

    /// With a hint.
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    fn described(&self) -> Option<String> {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-napoveda", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-chyba", self.name));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn wrap(&self, input: Markup) -> Markup {
        html! {
            div class={ "pole" @if self.error.is_some() { " s-chybou" } } {
                label for=(self.name) { (self.label) }
                @if let Some(h) = self.hint { p class="napoveda" id={ (self.name) "-napoveda" } { (h) } }
                @if let Some(e) = self.error { p class="chyba-pole" id={ (self.name) "-chyba" } { (e) } }
                (input)
            }
        }
    }

    /// An `<input type=…>` showing what `sent` holds.
    pub fn input(&self, kind: &str, sent: &Sent) -> Markup {
        self.wrap(html! {
            input id=(self.name) name=(self.name) type=(kind) value=(sent.one(self.name)) aria-describedby=[self.described()];
        })
    }

    /// A text area showing what `sent` holds.
    pub fn textarea(&self, rows: u8, sent: &Sent) -> Markup {
        self.wrap(html! {
            textarea id=(self.name) name=(self.name) rows=(rows) aria-describedby=[self.described()] { (sent.one(self.name)) }
        })
    }

    /// A choice of `options` (value, label), the sent one chosen.
    pub fn select(&self, options: &[(String, String)], sent: &Sent) -> Markup {
        let chosen = sent.one(self.name);
        self.wrap(html! {
            select id=(self.name) name=(self.name) aria-describedby=[self.described()] {
                @for (value, label) in options {
                    option value=(value) selected[chosen == value] { (label) }
                }
            }
        })
    }
}

/// Boxes to tick, one per option (value, label), in a fieldset.
pub fn ticks(name: &str, legend: &str, options: &[(String, String)], sent: &Sent, error: Option<&str>) -> Markup {
    let ticked = sent.all(name);
    html! {
        fieldset class={ "pole" @if error.is_some() { " s-chybou" } } id=(name) {
            legend { (legend) }
            @if let Some(e) = error { p class="chyba-pole" { (e) } }
            div class="volby" {
                @for (i, (value, label)) in options.iter().enumerate() {
                    label for={ (name) "-" (i) } {
                        input type="checkbox" id={ (name) "-" (i) } name=(name) value=(value) checked[ticked.contains(&value.as_str())];
                        " " (label)
                    }
                }
            }
        }
    }
}

/// The hidden CSRF field (a token's holder has none to send).
pub fn csrf(token: &str) -> Markup {
    html! { @if !token.is_empty() { input type="hidden" name="csrf" value=(token); } }
}
