//! The demo's Tachov plan as data: the mid-term plan of seed 004 ("Druhý
//! oddíl") — its sections' present practice, recommendations and steps —
//! with the findings of Tachov's mapping and the procedures agreed there.
//! Who is responsible, the deadlines and the statuses are invented;
//! `demo/plan.rs` writes it.

use crate::domain::need_area::NeedArea;
use crate::domain::plan::StepStatus;

/// A step: its text, the names (or parts of names) of the actors and
/// platforms responsible, its deadline, status and need areas.
pub(crate) struct StepSpec {
    pub(crate) text: &'static str,
    pub(crate) actors: &'static [&'static str],
    pub(crate) platforms: &'static [&'static str],
    pub(crate) deadline: &'static str,
    pub(crate) status: StepStatus,
    pub(crate) areas: &'static [NeedArea],
}

/// A recommendation and its steps.
pub(crate) struct RecommendationSpec {
    pub(crate) text: &'static str,
    pub(crate) steps: &'static [StepSpec],
}

/// A section of the plan: its index among the default sections, the
/// practice and the recommendations.
pub(crate) struct SectionSpec {
    pub(crate) index: usize,
    pub(crate) practice: &'static str,
    pub(crate) recommendations: &'static [RecommendationSpec],
}

use NeedArea::{Behaviour, Learning, Relationships, Safety};
use StepStatus::{Done, InProgress, Planned};

pub(crate) const fn step(
    text: &'static str,
    actors: &'static [&'static str],
    platforms: &'static [&'static str],
    deadline: &'static str,
    status: StepStatus,
    areas: &'static [NeedArea],
) -> StepSpec {
    StepSpec { text, actors, platforms, deadline, status, areas }
}

pub(crate) const SECTIONS: &[SectionSpec] = &[
    SectionSpec {
        index: 1,
        practice: "V ORP Tachov je případová práce ukotvena především v činnosti OSPOD a návazných služeb pro rodiny. \
                   Pokud je dítě vyhodnoceno jako ohrožené, OSPOD přebírá roli koordinátora, vede individuální plán a \
                   v náročnějších situacích svolává případové konference. Do budoucna je potřeba posílit preventivní \
                   případovou spolupráci „před OSPOD“ a lépe propojit případovou práci s interdisciplinárním týmem při \
                   okresním soudu.",
        recommendations: &[
            RecommendationSpec {
                text: "Posílit preventivní případovou spolupráci",
                steps: &[
                    step(
                        "Nastavit jednoduchý postup pro školy, NZDM a rodinné služby (KOTEC, DOMUS), kdy a jak svolat \
                         společné setkání ještě před formálním zapojením OSPOD.",
                        &["KOTEC", "DOMUS"],
                        &[],
                        "2026-06-30",
                        Done,
                        &[Relationships, Safety],
                    ),
                    step(
                        "Jasně pojmenovat, kdo může být koordinátorem preventivních případů a jak na tuto práci naváže \
                         OSPOD, pokud se situace zhorší.",
                        &["KOTEC"],
                        &[],
                        "2027-03-31",
                        InProgress,
                        &[Safety],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Provázat případovou práci s interdisciplinárním týmem a cochemskou praxí",
                steps: &[
                    step(
                        "Využít interdisciplinární tým při okresním soudu i jako platformu pro sdílení zkušeností \
                         z případové práce s rodinami v krizi.",
                        &["Okresní soud"],
                        &["Interdisciplinární tým"],
                        "2026-12-31",
                        InProgress,
                        &[Relationships],
                    ),
                    step(
                        "Zajistit, aby se závěry a zkušenosti z týmu vracely k OSPOD, školám a službám (shrnující \
                         doporučení, společné kazuistické workshopy).",
                        &[],
                        &["Interdisciplinární tým"],
                        "2027-06-30",
                        Planned,
                        &[Relationships],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Podpořit sdílení a učení napříč službami (kazuistiky, supervize)",
                steps: &[
                    step(
                        "Zorganizovat 2–3× ročně mezioborové kazuistické setkání (OSPOD, školy, SAS, NZDM, SVP).",
                        &["SVP", "NZDM"],
                        &[],
                        "2026-11-30",
                        Done,
                        &[Behaviour],
                    ),
                    step(
                        "Zvážit společnou supervizi pro pracovníky zapojené do náročné případové práce.",
                        &[],
                        &[],
                        "2027-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
        ],
    },
    SectionSpec {
        index: 2,
        practice: "Sdílení informací a včasná identifikace ohrožení dítěte jsou založené hlavně na osobních vazbách \
                   a průběžných konzultacích mezi OSPOD, školami, sociálními službami, zdravotníky a policií. V praxi \
                   to funguje, ale je to křehké – při personálních změnách hrozí, že informace zůstanou v šuplíku. \
                   Do sdílení je třeba systematicky zapojit i prevenci kriminality a integraci cizinců.",
        recommendations: &[
            RecommendationSpec {
                text: "Zjednodušit a „zviditelnit“ základní postupy sdílení informací",
                steps: &[
                    step(
                        "Připravit krátký materiál „Jak sdílet obavy o dítě“ pro školy, služby a obce.",
                        &[],
                        &["Platforma pro bezpečnost"],
                        "2026-09-30",
                        Done,
                        &[Safety],
                    ),
                    step(
                        "Materiál projít na kulatých stolech a seminářích a dát prostor pro dotazy ke GDPR a \
                         mlčenlivosti.",
                        &[],
                        &["Komunitní plánování"],
                        "2027-03-31",
                        InProgress,
                        &[Safety],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Provázat sdílení informací s existujícími platformami",
                steps: &[
                    step(
                        "Využívat komunitní plánování, interdisciplinární tým a Platformu pro bezpečnost k ladění \
                         komunikačních cest (kdo koho informuje, jak, v jakých situacích).",
                        &[],
                        &["Platforma pro bezpečnost", "Komunitní plánování"],
                        "2027-06-30",
                        InProgress,
                        &[Safety],
                    ),
                    step(
                        "Zvážit tematické pracovní skupiny komunitního plánování a domluvené postupy stručně \
                         zaznamenat a sdílet.",
                        &[],
                        &["Komunitní plánování"],
                        "2027-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Posílit informovanost dětí a rodin o možnostech pomoci",
                steps: &[
                    step(
                        "Na web města a škol a do letáků sepsat kontakty, kam se dítě nebo rodič může obrátit.",
                        &[],
                        &["Zdravé město"],
                        "2026-10-31",
                        Done,
                        &[Safety, Relationships],
                    ),
                    step(
                        "Propojit informace s aktivitami Zdravého města, školními fóry a akcemi služeb.",
                        &[],
                        &["Zdravé město"],
                        "2027-06-30",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Pravidelně se vracet k tomu, co ve sdílení funguje a co nikoli",
                steps: &[
                    step(
                        "Jednou ročně zařadit na existující setkání bod o tom, jak funguje sdílení informací.",
                        &[],
                        &["Komunitní plánování"],
                        "2026-12-31",
                        InProgress,
                        &[],
                    ),
                    step("Z reflexí dělat krátké shrnutí a sdílet je v síti.", &[], &[], "2027-12-31", Planned, &[]),
                ],
            },
            RecommendationSpec {
                text: "Zvážit cílenou platformu pro mladé – Tým pro mládež",
                steps: &[
                    step(
                        "Posoudit podle dobré praxe Týmů pro mládež, zda by obdobný tým dával smysl v Tachově.",
                        &["NZDM"],
                        &[],
                        "2027-06-30",
                        Planned,
                        &[Behaviour],
                    ),
                    step(
                        "Pokud tým vznikne, navázat ho na komunitní plánování a interdisciplinární tým.",
                        &[],
                        &[],
                        "2028-06-30",
                        Planned,
                        &[Behaviour],
                    ),
                ],
            },
        ],
    },
    SectionSpec {
        index: 3,
        practice: "V ORP Tachov už existuje řada míst, kde jsou děti slyšet – žákovské parlamenty, školní fóra, \
                   „Kotel se starostou“ Zdravého města, NZDM i práce OSPOD a soudu. Tyto hlasy ale zatím nejsou \
                   systematicky propojené se sítí služeb a plánováním; chybí pravidelný mechanismus, jak podněty \
                   dětí přenést do komunitního plánování a praxe.",
        recommendations: &[
            RecommendationSpec {
                text: "Více propojit školní a městské participační aktivity se sítí služeb",
                steps: &[
                    step(
                        "Výstupy ze školních fór a „Kotle se starostou“ jednou ročně shrnout a předložit komunitnímu \
                         plánování a pracovní skupině MAP.",
                        &[],
                        &["Zdravé město", "MAP IV"],
                        "2026-12-31",
                        InProgress,
                        &[Learning],
                    ),
                    step(
                        "Vybrat témata, která děti opakovaně zmiňují, a přenést je do plánování služeb a projektů.",
                        &[],
                        &["Komunitní plánování"],
                        "2027-09-30",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Vytvořit pravidelnou participační skupinu dětí pro ORP",
                steps: &[
                    step(
                        "Jednou ročně uspořádat „dětský kulatý stůl“ k péči o děti, bezpečí, škole a volnému času, \
                         i s dětmi z rodin cizinců a z lokalit ubytoven.",
                        &["NZDM", "Integrační centrum"],
                        &["Zdravé město"],
                        "2027-05-31",
                        Planned,
                        &[Relationships, Safety],
                    ),
                    step(
                        "Zajistit, aby se děti dozvěděly, co se s jejich podněty stalo.",
                        &[],
                        &["Zdravé město"],
                        "2027-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
            RecommendationSpec {
                text: "Sdílet dobrou praxi respektujícího přístupu k dětem mezi aktéry",
                steps: &[
                    step(
                        "Krátký seminář pro školy, OSPOD a služby o tom, jak s dětmi mluvit v náročných situacích, \
                         ze zkušeností soudu a cochemské praxe.",
                        &["Okresní soud"],
                        &[],
                        "2026-11-30",
                        Done,
                        &[Relationships],
                    ),
                    step(
                        "Podporovat společné vzdělávání pracovníků v právech dítěte, komunikaci s dětmi a \
                         participaci.",
                        &[],
                        &[],
                        "2028-12-31",
                        Planned,
                        &[],
                    ),
                ],
            },
        ],
    },
];

/// The findings of Tachov's mapping (seed 000's themes and seed 004's),
/// each with the recommendations whose steps answer it.
pub(crate) const FINDINGS: &[(&str, &str, &[&str])] = &[
    (
        "Informace, kompetence a role, komunikace, včasná identifikace",
        "Aktéři se shodují, že chybí srozumitelné informace o tom, kdo za co odpovídá a kdo koho informuje;          sdílení stojí na osobních vazbách.",
        &[
            "Zjednodušit a „zviditelnit“ základní postupy sdílení informací",
            "Provázat sdílení informací s existujícími platformami",
        ],
    ),
    (
        "Preventivní případová spolupráce „před OSPOD“",
        "Chybí jasný postup, kdy a jak školy, NZDM a rodinné služby svolávají společná setkání a kdo je koordinuje.",
        &["Posílit preventivní případovou spolupráci"],
    ),
    (
        "Hlas dětí se do plánování dostává nahodile",
        "Podněty dětí ze školních fór a Zdravého města nejsou systematicky propojené se sítí služeb.",
        &["Více propojit školní a městské participační aktivity se sítí služeb"],
    ),
];

/// A procedure of the demo (see [`PROCEDURES`]).
pub(crate) type ProcedureSpec =
    (&'static str, &'static str, Option<&'static str>, &'static [&'static str], Option<(&'static str, &'static str)>);

/// The procedures agreed in Tachov: title, text, the owning platform (by
/// name; none: the network), the actors bound (by name), and a second
/// version's text and note, if any.
pub(crate) const PROCEDURES: &[ProcedureSpec] = &[
    (
        "Jak sdílet obavy o dítě",
        "Škola nebo služba, která má obavu o dítě, ji týž den konzultuje s OSPOD telefonicky; písemný podnět \
         pošle do tří pracovních dnů. OSPOD potvrdí přijetí a sdělí, kdo případ povede.",
        Some("Platforma pro bezpečnost"),
        &["KOTEC", "DOMUS", "NZDM", "Asistenti prevence"],
        Some((
            "Škola nebo služba, která má obavu o dítě, ji týž den konzultuje s OSPOD telefonicky; písemný podnět \
             pošle do tří pracovních dnů datovou schránkou. OSPOD potvrdí přijetí a sdělí, kdo případ povede. \
             O prázdninách se obracejte na pohotovost OSPOD.",
            "datová schránka a prázdninová pohotovost",
        )),
    ),
    (
        "Svolání preventivního případového setkání před OSPOD",
        "Setkání svolává služba, která rodinu zná nejlépe (zpravidla KOTEC nebo DOMUS), se souhlasem rodiny; \
         pozve školu a další zapojené. Zhorší-li se situace, koordinátor informuje OSPOD.",
        None,
        &["KOTEC", "DOMUS"],
        None,
    ),
];
