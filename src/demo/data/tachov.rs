//! The Tachov network of the mid-term plan (seed 004): its actors, its
//! platforms and its needs map.

use super::{ActorSpec, NZDM, NeedsSpec, NetworkSpec, PlatformSpec, SHELTER, actor};

/// ORP Tachov.
pub const TACHOV: NetworkSpec = NetworkSpec {
    slug: "tachov",
    name: "ORP Tachov",
    town: "Tachov",
    localities: &["ubytovny Tachov", "Bor", "Planá"],
    region: "plzensky",
    active: true,
    actors: &[
        ActorSpec {
            name: "KOTEC, o. p. s.",
            forms: &["field", "outpatient"],
            capacity: Some(("client", 15)),
            ages: &[0, 1, 2, 3],
            note: "Může koordinovat preventivní případy před OSPOD.",
            ..actor("", "sociální služba", "SAS", "ngo", "social_affairs", &["relationships", "safety"], "both")
        },
        ActorSpec {
            name: "DOMUS – Centrum pro rodinu",
            capacity: Some(("hour", 40)),
            ages: &[0, 1, 2, 3],
            ..actor(
                "",
                "sociální služba",
                "odborné sociální poradenství",
                "ngo",
                "social_affairs",
                &["relationships"],
                "both",
            )
        },
        ActorSpec { name: "NZDM Tachov", ..NZDM },
        ActorSpec {
            name: "SVP Tachov",
            capacity: Some(("client", 30)),
            ages: &[1, 2],
            ..actor("", "školské zařízení", "SVP", "state", "education", &["behaviour", "learning"], "intervention")
        },
        ActorSpec {
            name: "Asistenti prevence kriminality Tachov",
            forms: &["field"],
            ages: &[1, 2],
            ..actor("", "bezpečnost", "APK", "municipality", "interior", &["safety", "behaviour"], "prevention")
        },
        ActorSpec {
            name: "Okresní soud Tachov – opatrovnické oddělení",
            crisis: true,
            ..actor("", "justice", "soud", "state", "justice", &["safety", "relationships"], "intervention")
        },
        ActorSpec {
            name: "Integrační centrum pro cizince Tachov",
            forms: &["outpatient", "field"],
            ages: &[0, 1, 2, 3],
            ..actor(
                "",
                "sociální služba",
                "integrační služba",
                "ngo",
                "interior",
                &["relationships", "learning"],
                "prevention",
            )
        },
        ActorSpec { name: "Azylový dům Tachov", ..SHELTER },
    ],
    platforms: &[
        PlatformSpec {
            name: "Platforma pro bezpečnost",
            platform_type: "formal",
            per_year: 4,
            coordinators: &["police"],
            members: &[
                "ospod",
                "Asistenti prevence kriminality Tachov",
                "school",
                "Integrační centrum pro cizince Tachov",
                "NZDM Tachov",
            ],
            topics: &["bezpečnost v lokalitách s ubytovnami", "prevence kriminality", "soužití majority a cizinců"],
            areas: &["safety", "behaviour"],
            evaluation: "Poznatky z terénu se vracejí ke škole a OSPOD; chybí zpětná vazba.",
        },
        PlatformSpec {
            name: "Interdisciplinární tým při okresním soudu",
            platform_type: "formal",
            per_year: 6,
            coordinators: &["Okresní soud Tachov – opatrovnické oddělení"],
            members: &["ospod", "DOMUS – Centrum pro rodinu", "KOTEC, o. p. s."],
            topics: &["cochemská praxe", "rodiny v krizi: rozvody, domácí násilí"],
            areas: &["relationships", "safety"],
            evaluation: "Závěry týmu se zatím nevracejí ke školám a službám.",
        },
        PlatformSpec {
            name: "Komunitní plánování – pracovní skupina Rodina a děti",
            platform_type: "interdisciplinary",
            per_year: 4,
            coordinators: &["DOMUS – Centrum pro rodinu"],
            members: &["ospod", "KOTEC, o. p. s.", "NZDM Tachov", "sas", "labour"],
            topics: &["plánování sociálních služeb", "sdílení informací v síti"],
            areas: &["relationships", "material"],
            evaluation: "Vhodné místo pro ladění komunikačních cest.",
        },
        PlatformSpec {
            name: "MAP IV – pracovní skupina rovné příležitosti",
            platform_type: "interdisciplinary",
            per_year: 3,
            coordinators: &["school"],
            members: &["kindergarten", "ppp", "SVP Tachov", "Integrační centrum pro cizince Tachov"],
            topics: &["rovné příležitosti ve vzdělávání", "děti cizinců ve školách"],
            areas: &["learning"],
            evaluation: "Propojuje školy se službami; malá účast OSPOD.",
        },
        PlatformSpec {
            name: "Zdravé město Tachov",
            platform_type: "formal",
            per_year: 2,
            coordinators: &["ddm"],
            members: &["pediatrician", "school"],
            topics: &["zdravý životní styl", "volnočasové aktivity"],
            areas: &["health"],
            evaluation: "Osvětové akce pro rodiny; slabá vazba na ohrožené děti.",
        },
    ],
    topics: &[
        "integrace rodin cizinců",
        "prevence kriminality v lokalitách s ubytovnami",
        "preventivní případová spolupráce před OSPOD",
    ],
};

/// The needs map of Tachov.
pub const TACHOV_NEEDS: &[NeedsSpec] = &[
    NeedsSpec {
        area: "relationships",
        forms: &[
            "Dítě má alespoň jednoho blízkého dospělého, na kterého se může spolehnout.",
            "Dítě má kamarády a tráví s nimi volný čas.",
        ],
        activities: &[
            (
                "Podpora rodičovských kompetencí v přirozeném prostředí",
                "prevention",
                &["SAS", "rodinné poradny"],
                "KOTEC a DOMUS pracují s rodinami doma i v poradně.",
                &["KOTEC, o. p. s.", "DOMUS – Centrum pro rodinu"],
            ),
            (
                "Provázení rodin rozvodovou a rozchodovou situací",
                "intervention",
                &["poradny", "soud", "OSPOD"],
                "Interdisciplinární tým při okresním soudu.",
                &["Okresní soud Tachov – opatrovnické oddělení", "DOMUS – Centrum pro rodinu"],
            ),
            ("Vrstevnické programy pro děti cizinců", "prevention", &["NZDM", "školy", "integrační služby"], "", &[]),
        ],
    },
    NeedsSpec {
        area: "safety",
        forms: &["Dítě se doma i ve škole cítí bezpečně.", "Dítě ví, na koho se obrátit, když je v ohrožení."],
        activities: &[
            (
                "Dohled a prevence v lokalitách s ubytovnami",
                "prevention",
                &["městská policie", "APK"],
                "APK a městská policie na hřištích a u ubytoven.",
                &["Asistenti prevence kriminality Tachov", "police"],
            ),
            (
                "Krizové ubytování rodin s dětmi",
                "intervention",
                &["azylové domy", "ZDVOP"],
                "",
                &["Azylový dům Tachov"],
            ),
        ],
    },
    NeedsSpec {
        area: "health",
        forms: &[
            "Dítě má pravidelnou péči dětského lékaře.",
            "Dítě má přístup k psychologické pomoci, když ji potřebuje.",
        ],
        activities: &[
            ("Zapojení pediatrů do sítě a včasná identifikace", "prevention", &["pediatři"], "", &["pediatrician"]),
            (
                "Dostupná dětská psychologická péče",
                "intervention",
                &["PPP", "SVP", "zdravotnictví"],
                "Čekací lhůty v SVP přes dva měsíce.",
                &["SVP Tachov", "ppp"],
            ),
        ],
    },
    NeedsSpec {
        area: "learning",
        forms: &["Dítě pravidelně chodí do školy a má podporu při učení."],
        activities: &[
            (
                "Doučování a podpora dětí cizinců ve škole",
                "prevention",
                &["školy", "integrační služby", "dobrovolníci"],
                "",
                &["Integrační centrum pro cizince Tachov", "school"],
            ),
            (
                "Kroužek primární prevence v DDM",
                "prevention",
                &["DDM", "městská policie"],
                "Vede metodik prevence z řad městské policie.",
                &["ddm", "police"],
            ),
        ],
    },
    NeedsSpec {
        area: "behaviour",
        forms: &["Dítě má bezpečné volnočasové aktivity."],
        activities: &[
            ("Nízkoprahové kluby a streetwork", "prevention", &["NZDM", "terénní programy"], "", &["NZDM Tachov"]),
            ("Práce s třídními kolektivy", "prevention", &["SVP", "školy", "PPP"], "", &["SVP Tachov"]),
        ],
    },
    NeedsSpec {
        area: "material",
        forms: &["Rodina má stabilní bydlení a dítě má kde se učit."],
        activities: &[
            ("Dluhové poradenství rodinám s dětmi", "prevention", &["poradny", "SAS"], "", &[]),
            (
                "Podpora rodin v hmotné nouzi",
                "intervention",
                &["úřad práce", "SAS"],
                "",
                &["labour", "KOTEC, o. p. s."],
            ),
        ],
    },
];
