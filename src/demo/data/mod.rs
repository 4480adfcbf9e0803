//! What the demo networks hold, taken from the source documents: the Ústí
//! region's 16 ORPs with the topics, platforms and good practice the 2016–2018
//! networking named, and the Tachov network of the mid-term plan. Contact
//! persons are invented placeholders; no real person's name, e-mail or phone
//! appears here.

/// An actor of a demo network.
pub struct ActorSpec {
    /// Its name.
    pub name: &'static str,
    /// Kind of service.
    pub kind: &'static str,
    /// Type of service.
    pub service_type: &'static str,
    /// Founder code.
    pub founder: &'static str,
    /// Sector code.
    pub sector: &'static str,
    /// Primary need areas.
    pub areas: &'static [&'static str],
    /// prevention, intervention or both.
    pub focus: &'static str,
    /// Member of the crisis network.
    pub crisis: bool,
    /// Forms of service.
    pub forms: &'static [&'static str],
    /// Registered capacity: (unit, max); announced over the year.
    pub capacity: Option<(&'static str, u32)>,
    /// Age bands served (indexes into [`AGE_BANDS`]).
    pub ages: &'static [usize],
    /// A shared note from mapping.
    pub note: &'static str,
}

/// A platform of a demo network.
pub struct PlatformSpec {
    /// Its name.
    pub name: &'static str,
    /// One of the four types.
    pub platform_type: &'static str,
    /// Planned meetings a year.
    pub per_year: i64,
    /// Names of coordinating actors.
    pub coordinators: &'static [&'static str],
    /// Names of member actors (the standard ones by their role key, see
    /// [`standard_name`]).
    pub members: &'static [&'static str],
    /// Its topics.
    pub topics: &'static [&'static str],
    /// Need areas it addresses.
    pub areas: &'static [&'static str],
    /// Brief evaluation.
    pub evaluation: &'static str,
}

/// A demo network.
pub struct NetworkSpec {
    /// Its slug.
    pub slug: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The town the ORP is named after (its first place).
    pub town: &'static str,
    /// Further places, e.g. socially excluded localities.
    pub localities: &'static [&'static str],
    /// The region's slug.
    pub region: &'static str,
    /// Whether it took part in the networking (Kadaň did not).
    pub active: bool,
    /// Its own actors besides the standard ones.
    pub actors: &'static [ActorSpec],
    /// Its platforms.
    pub platforms: &'static [PlatformSpec],
    /// What the local networking focused on (shared notes on OSPOD).
    pub topics: &'static [&'static str],
}

/// The age bands every demo network uses as target groups.
pub const AGE_BANDS: [&str; 4] = ["0–6 let", "6–15 let", "15–18 let", "rodiče a pečující"];

/// Life situations every demo network keeps.
pub const LIFE_SITUATIONS: [&str; 6] = [
    "rozvod a rozchod rodičů",
    "zadluženost rodiny",
    "ohrožení bydlení",
    "záškoláctví a školní neúspěch",
    "užívání návykových látek",
    "domácí násilí",
];

pub(super) const fn actor(
    name: &'static str,
    kind: &'static str,
    service_type: &'static str,
    founder: &'static str,
    sector: &'static str,
    areas: &'static [&'static str],
    focus: &'static str,
) -> ActorSpec {
    ActorSpec {
        name,
        kind,
        service_type,
        founder,
        sector,
        areas,
        focus,
        crisis: false,
        forms: &["outpatient"],
        capacity: None,
        ages: &[0, 1, 2],
        note: "",
    }
}

/// The actors every network has, by role key; `{town}` is the network's
/// town.
pub const STANDARD: &[(&str, ActorSpec)] = &[
    (
        "ospod",
        ActorSpec {
            crisis: true,
            forms: &["field", "outpatient"],
            note: "Koordinuje případovou práci a svolává případové konference.",
            ..actor(
                "OSPOD {town}",
                "orgán veřejné moci",
                "OSPOD",
                "municipality",
                "social_affairs",
                &["safety", "relationships"],
                "both",
            )
        },
    ),
    (
        "school",
        ActorSpec {
            ages: &[1],
            ..actor(
                "ZŠ {town}",
                "škola",
                "základní škola",
                "municipality",
                "education",
                &["learning", "behaviour"],
                "prevention",
            )
        },
    ),
    (
        "kindergarten",
        ActorSpec {
            ages: &[0],
            ..actor(
                "MŠ {town}",
                "škola",
                "mateřská škola",
                "municipality",
                "education",
                &["learning", "relationships"],
                "prevention",
            )
        },
    ),
    (
        "pediatrician",
        actor(
            "Dětská lékařka {town}",
            "zdravotnictví",
            "praktický lékař pro děti a dorost",
            "private",
            "health",
            &["health"],
            "prevention",
        ),
    ),
    (
        "police",
        ActorSpec {
            crisis: true,
            forms: &["field"],
            ..actor(
                "Městská policie {town}",
                "bezpečnost",
                "městská policie",
                "municipality",
                "interior",
                &["safety"],
                "both",
            )
        },
    ),
    (
        "ddm",
        ActorSpec {
            ages: &[1, 2],
            ..actor(
                "DDM {town}",
                "volnočasové zařízení",
                "dům dětí a mládeže",
                "municipality",
                "education",
                &["relationships", "learning"],
                "prevention",
            )
        },
    ),
    (
        "sas",
        ActorSpec {
            forms: &["field"],
            capacity: Some(("client", 12)),
            ages: &[0, 1, 2, 3],
            ..actor(
                "Rodinné centrum {town} – SAS",
                "sociální služba",
                "SAS",
                "ngo",
                "social_affairs",
                &["relationships", "material"],
                "both",
            )
        },
    ),
    (
        "ppp",
        actor(
            "PPP {town}",
            "školské poradenské zařízení",
            "PPP",
            "region",
            "education",
            &["learning", "behaviour"],
            "both",
        ),
    ),
    (
        "labour",
        ActorSpec {
            ages: &[3],
            ..actor(
                "Úřad práce {town}",
                "orgán veřejné moci",
                "kontaktní pracoviště ÚP",
                "state",
                "social_affairs",
                &["material"],
                "intervention",
            )
        },
    ),
];

/// The name of a standard actor in `town`.
pub fn standard_name(role: &str, town: &str) -> Option<String> {
    STANDARD.iter().find(|(key, _)| *key == role).map(|(_, a)| a.name.replace("{town}", town))
}

pub(super) const NZDM: ActorSpec = ActorSpec {
    forms: &["outpatient", "field"],
    capacity: Some(("contact", 25)),
    ages: &[1, 2],
    ..actor("NZDM", "sociální služba", "NZDM", "ngo", "social_affairs", &["relationships", "behaviour"], "prevention")
};

pub(super) const SHELTER: ActorSpec = ActorSpec {
    crisis: true,
    forms: &["residential"],
    capacity: Some(("bed", 16)),
    ages: &[0, 1, 2, 3],
    ..actor(
        "Azylový dům",
        "sociální služba",
        "azylový dům",
        "ngo",
        "social_affairs",
        &["safety", "material"],
        "intervention",
    )
};

mod tachov;
pub(crate) mod tachov_plan;
mod ustecky;

pub use self::tachov::{TACHOV, TACHOV_NEEDS};
pub use self::ustecky::USTECKY;

/// Every demo network: the Ústí region's 16 ORPs and Tachov.
pub fn networks() -> impl Iterator<Item = &'static NetworkSpec> {
    USTECKY.iter().chain(std::iter::once(&TACHOV))
}

/// The regions of the demo.
pub const REGIONS: &[(&str, &str)] = &[("ustecky", "Ústecký kraj"), ("plzensky", "Plzeňský kraj")];

/// Invented contact persons (placeholders), one per standard role.
pub const PLACEHOLDER_PEOPLE: &[(&str, &str)] =
    &[("ospod", "Alena Kontaktní"), ("sas", "Petr Ukázkový"), ("school", "Marie Vzorová"), ("ddm", "Tomáš Příkladný")];

/// The Tachov needs map: per area, forms in which the need is met, and
/// activities (text, stage, kinds of actors, local practice, involved actor
/// names or role keys).
pub struct NeedsSpec {
    /// Need area code.
    pub area: &'static str,
    /// Forms in which the need is met.
    pub forms: &'static [&'static str],
    /// Activities.
    pub activities: &'static [ActivitySpec],
}

/// An activity of the needs map: text, stage, kinds of actors that can carry
/// it out, local practice, and the actors involved (names or role keys).
pub type ActivitySpec = (&'static str, &'static str, &'static [&'static str], &'static str, &'static [&'static str]);
