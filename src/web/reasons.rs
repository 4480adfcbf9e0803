//! The domain's reasons for refusing a value, said in Czech next to the
//! field: the checks of `domain::text` and `domain::actor_fields` say what
//! is wrong in English for the API; a page says the same in the person's
//! words. A reason this table does not know is shown as it came, after a
//! Czech lead-in, so nothing is hidden.

use super::i18n::Lang;

/// The reason `reason` (as the domain gave it for a field) in `lang`.
pub fn say(lang: Lang, reason: &str) -> String {
    if lang == Lang::En {
        return capitalised(reason);
    }
    let known: &[(&str, &str)] = &[
        ("must not be empty", "Vyplňte toto pole."),
        ("an actor needs a name", "Vyplňte název."),
        ("an activity needs its", "Vyplňte toto pole."),
        ("a platform needs its", "Vyplňte toto pole."),
        ("needs a reason", "Uveďte důvod."),
        ("needs its allowed values", "Uveďte povolené hodnoty."),
        ("at most 31 days ahead", "Změnu lze naplánovat nejvýš 31 dní dopředu."),
        ("more than the registered maximum", "Volných je víc, než dovoluje registrovaná kapacita."),
        ("exceed the registered maximum", "Volných a obsazených je dohromady víc, než dovoluje registrovaná kapacita."),
        ("must lie in the future", "Datum musí být v budoucnosti."),
        ("cannot be held in the future", "Setkání v budoucnu nelze zapsat jako konané; naplánujte ho."),
        ("before the platform existed", "Datum je před vznikem platformy."),
        ("after the platform ended", "Datum je po ukončení platformy."),
        ("the platform has ended", "Platforma byla ukončena."),
        ("is recorded as held already", "Setkání už je zapsáno jako konané."),
        ("is no longer scheduled", "Setkání už není naplánované."),
        ("was cancelled", "Setkání bylo zrušeno."),
        ("outcomes belong to meetings that were held", "Rozhodnutí a úkoly se zapisují ke konaným setkáním."),
        ("is not an actor of this network", "Vyberte aktéra sítě z nabídky."),
        ("only tasks have a status", "Stav mají jen úkoly, ne rozhodnutí."),
        ("exists already", "Záznam už existuje."),
        ("the network already has the term", "Síť už položku s tímto názvem má."),
        ("the network already has the category", "Síť už kategorii s tímto názvem má."),
        (
            "only one-of and many-of categories have allowed values",
            "Povolené hodnoty mají jen kategorie „jedna z možností“ a „více z možností“.",
        ),
        ("goes stale after 1 to 365 days", "Zadejte počet dní od 1 do 365."),
        ("no user is called", "Uživatel s tímto jménem neexistuje; účty zakládá správce."),
        ("grants roles of network", "Koordinátor přiděluje jen role své sítě."),
        ("is not in network", "Vyberte z nabídky aktéra nebo platformu této sítě."),
        (
            "was erased for good",
            "Údaje této osoby byly na žádost natrvalo vymazány; zadejte ji znovu jako novou kontaktní osobu.",
        ),
        ("cannot announce capacity", "Aktér, který není aktivní, nemůže hlásit kapacitu."),
        ("contains control characters", "Text obsahuje neplatné řídicí znaky; přepište ho prosím."),
        ("is not an e-mail address", "Zadejte e-mailovou adresu ve tvaru jmeno@domena.cz."),
        ("is not a web address", "Zadejte webovou adresu, například www.sluzba.cz."),
        (
            "is not a phone number",
            "Zadejte telefonní číslo: 9 až 15 číslic, mezery a případně + na začátku, například +420 777 000 111.",
        ),
        ("is not one of", "Vyberte jednu z nabízených možností."),
        ("is listed twice", "Jedna hodnota je vybrána dvakrát."),
        ("is retired", "Tato položka číselníku byla vyřazena; vyberte jinou."),
        ("is not a target group", "Vyberte cílovou skupinu z nabídky."),
        ("is not a life situation", "Vyberte životní situaci z nabídky."),
        ("is not a place", "Vyberte místo z nabídky."),
        ("is not a term id", "Vyberte položku z nabídky."),
        ("must be 1 to 100000", "Kapacita musí být celé číslo od 1 do 100 000."),
        ("unknown need area", "Vyberte oblast potřeb z nabídky."),
        ("is not a category of this network", "Tato kategorie v síti už není."),
        ("is not a field of the actor template", "Toto pole šablona aktérů nezná."),
        ("expected", "Hodnota nemá správný tvar."),
    ];
    if let Some(said) = identifying(lang, reason) {
        return said;
    }
    if let Some(max) = longer_than(reason) {
        return format!("Text je delší než {} znaků; zkraťte ho.", crate::czech::number(max));
    }
    known
        .iter()
        .find(|(pattern, _)| reason.contains(pattern))
        .map_or_else(|| format!("Hodnotu nelze přijmout: {reason}"), |(_, cs)| (*cs).to_owned())
}

/// The findings of the identifying-data check in Czech: each "the word
/// \"x\" suggests a name", "\"x\" looks like a date of birth" said the
/// Czech way.
fn identifying(lang: Lang, reason: &str) -> Option<String> {
    let inner = reason.split_once("family (")?.1.rsplit_once("); describe")?.0;
    let what = |english: &str| -> &'static str {
        match english.trim() {
            "a name" | "a person's name" => "jméno",
            "a surname" => "příjmení",
            "a birth date" | "a date of birth" => "datum narození",
            "a birth number" => "rodné číslo",
            "an address" => "adresu",
            "a phone number" => "telefonní číslo",
            "an e-mail address" => "e-mailovou adresu",
            _ => "osobní údaj",
        }
    };
    let quoted = |text: &str| text.trim().trim_matches('"').to_owned();
    let said: Vec<String> = inner
        .split("; ")
        .map(|f| {
            if let Some(rest) = f.strip_prefix("the word ") {
                let (word, english) = rest.split_once(" suggests ").unwrap_or((rest, ""));
                format!("slovo „{}“ naznačuje {}", quoted(word), what(english))
            } else if let Some((text, english)) = f.split_once(" looks like ") {
                format!(
                    "„{}“ vypadá jako {}",
                    quoted(text),
                    what(english).replace("adresu", "adresa").replace("e-mailovou", "e-mailová")
                )
            } else {
                f.to_owned()
            }
        })
        .collect();
    (lang == Lang::Cs).then(|| {
        format!(
            "Text vypadá, že obsahuje údaje, podle kterých lze dítě nebo rodinu poznat ({}). Popište potřebu – věk, \
             druh pomoci, od kdy, v které ORP – bez jmen, data narození, adres, telefonů a e-mailů.",
            said.join("; ")
        )
    })
}

/// The limit of "… is longer than N characters".
fn longer_than(reason: &str) -> Option<i64> {
    let rest = reason.split("is longer than ").nth(1)?;
    rest.split(' ').next()?.parse().ok()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actor_fields::check_value;
    use crate::domain::network::NetworkState;
    use crate::domain::text::{email, phone, required_text, web};
    use crate::domain::value::{CapacityLimit, Value};

    /// Every refusal of the domain's checks has its own Czech sentence (not
    /// the lead-in for unknown reasons): a changed English reason fails here.
    #[test]
    fn each_refusal_of_the_checks_is_said_in_czech() {
        let network = NetworkState::default();
        let text = |s: &str| Value::Text(s.to_owned());
        let list = |v: &[&str]| Value::List(v.iter().map(|s| (*s).to_owned()).collect());
        let refusals = [
            required_text("name", " ", 10).unwrap_err(),
            required_text("name", &"x".repeat(11), 10).unwrap_err(),
            required_text("name", "a\u{7}", 10).unwrap_err(),
            email("nikdo").unwrap_err(),
            web("není web").unwrap_err(),
            phone("12-34").unwrap_err(),
            check_value(&network, "founder", &text("mars")).unwrap_err(),
            check_value(&network, "forms", &list(&["field", "field"])).unwrap_err(),
            check_value(&network, "target_groups", &list(&["x"])).unwrap_err(),
            check_value(&network, "target_groups", &list(&[&uuid::Uuid::nil().to_string()])).unwrap_err(),
            check_value(&network, "places", &list(&[&uuid::Uuid::nil().to_string()])).unwrap_err(),
            check_value(&network, "life_situations", &list(&[&uuid::Uuid::nil().to_string()])).unwrap_err(),
            check_value(&network, "need_areas", &list(&["love"])).unwrap_err(),
            check_value(&network, "online", &text("yes")).unwrap_err(),
            check_value(&network, "capacities", &Value::Capacities(vec![CapacityLimit { unit: "bed".into(), max: 0 }]))
                .unwrap_err(),
            check_value(&network, "custom.x", &text("y")).unwrap_err(),
            check_value(&network, "shoe_size", &text("y")).unwrap_err(),
        ];
        for reason in refusals {
            let said = say(Lang::Cs, &reason);
            assert!(!said.starts_with("Hodnotu nelze přijmout"), "{reason:?} has no Czech sentence");
        }
        assert_eq!(
            say(Lang::Cs, "name is longer than 1200 characters"),
            "Text je delší než 1\u{a0}200 znaků; zkraťte ho."
        );
        assert!(say(Lang::Cs, "something new").contains("something new"), "an unknown reason is shown as it came");
        assert_eq!(say(Lang::En, "name must not be empty"), "Name must not be empty");
        let refused = crate::domain::identifying::refusal("Jana Nováková, nar. 5.3.2015, tel. 777 123 456").unwrap();
        let said = say(Lang::Cs, &refused);
        assert!(said.starts_with("Text vypadá, že obsahuje údaje"), "{said}");
        assert!(said.contains("slovo „nar.“ naznačuje datum narození"), "{said}");
        assert!(said.contains("„Jana Nováková“ vypadá jako jméno"), "{said}");
        assert!(!said.contains("looks like") && !said.contains("suggests"), "all of it in Czech: {said}");
    }
}
