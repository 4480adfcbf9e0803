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

const fn actor(
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

const NZDM: ActorSpec = ActorSpec {
    forms: &["outpatient", "field"],
    capacity: Some(("contact", 25)),
    ages: &[1, 2],
    ..actor("NZDM", "sociální služba", "NZDM", "ngo", "social_affairs", &["relationships", "behaviour"], "prevention")
};

const SHELTER: ActorSpec = ActorSpec {
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

/// Every demo network: the Ústí region's 16 ORPs and Tachov.
pub const NETWORKS: &[NetworkSpec] = &[
    NetworkSpec {
        slug: "usti-nad-labem",
        name: "ORP Ústí nad Labem",
        town: "Ústí nad Labem",
        localities: &["Předlice"],
        region: "ustecky",
        active: true,
        actors: &[
            ActorSpec {
                name: "Dětská psychiatrická ambulance Ústí",
                note: "Čekací doba přes tři měsíce; síť žádá posílení.",
                ..actor(
                    "",
                    "zdravotnictví",
                    "psychiatrická ambulance",
                    "private",
                    "health",
                    &["health", "behaviour"],
                    "intervention",
                )
            },
            ActorSpec { name: "Azylový dům pro rodiny Ústí", ..SHELTER },
        ],
        platforms: &[PlatformSpec {
            name: "Mezioborová spolupráce Ústí",
            platform_type: "interdisciplinary",
            per_year: 4,
            coordinators: &["ospod"],
            members: &["school", "sas", "police", "pediatrician"],
            topics: &["aktualizace informací o službách", "komplexní mezioborová spolupráce"],
            areas: &["safety", "health"],
            evaluation: "Setkání jsou hojně navštívená; chybí zástupci psychiatrie.",
        }],
        topics: &[
            "posílení psychiatrických a psychosociálních služeb",
            "posílení terénních služeb a kapacit SAS",
            "preventivní programy",
        ],
    },
    NetworkSpec {
        slug: "decin",
        name: "ORP Děčín",
        town: "Děčín",
        localities: &["Boletice nad Labem", "Česká Kamenice"],
        region: "ustecky",
        active: true,
        actors: &[
            ActorSpec { name: "Prosapia z. ú. – nízkoprahový klub", ages: &[2], ..NZDM },
            ActorSpec {
                name: "Terénní tým Boletice",
                forms: &["field"],
                capacity: Some(("client", 20)),
                ..actor(
                    "",
                    "sociální služba",
                    "terénní program",
                    "ngo",
                    "social_affairs",
                    &["material", "safety"],
                    "both",
                )
            },
            ActorSpec {
                name: "MC Rákosníček",
                ages: &[0, 3],
                ..actor("", "komunitní aktivita", "mateřské centrum", "ngo", "other", &["relationships"], "prevention")
            },
            ActorSpec {
                name: "MC Neposeda Česká Kamenice",
                ages: &[0, 3],
                ..actor("", "komunitní aktivita", "mateřské centrum", "ngo", "other", &["relationships"], "prevention")
            },
            ActorSpec { name: "Azylový dům Děčín", ..SHELTER },
        ],
        platforms: &[
            PlatformSpec {
                name: "Setkání OSPOD a základních škol",
                platform_type: "interdisciplinary",
                per_year: 3,
                coordinators: &["ospod"],
                members: &["school", "ppp"],
                topics: &["záškoláctví", "vyjasnění kompetencí škol a OSPOD"],
                areas: &["learning", "behaviour"],
                evaluation: "Kompetence škol a OSPOD se vyjasnily; pokračovat tematicky.",
            },
            PlatformSpec {
                name: "Školní metodici prevence Děčín",
                platform_type: "formal",
                per_year: 4,
                coordinators: &["ppp"],
                members: &["school", "police", "Prosapia z. ú. – nízkoprahový klub"],
                topics: &["školní neúspěšnost", "kyberšikana"],
                areas: &["learning", "behaviour"],
                evaluation: "Stabilní účast metodiků; chybí rodiče.",
            },
        ],
        topics: &["záškoláctví a školní neúspěch", "posílení kapacit azylového domu a ZDVOP", "sociální bydlení"],
    },
    NetworkSpec {
        slug: "litomerice",
        name: "ORP Litoměřice",
        town: "Litoměřice",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[ActorSpec { name: "Nízkoprahový klub Litoměřice", ..NZDM }],
        platforms: &[PlatformSpec {
            name: "Multidisciplinární spolupráce Litoměřice",
            platform_type: "interdisciplinary",
            per_year: 4,
            coordinators: &["ospod"],
            members: &["school", "sas", "police"],
            topics: &["vyjasnění kompetencí a rolí", "potenciální riziko ohrožení dítěte"],
            areas: &["safety"],
            evaluation: "Role aktérů se vyjasňují; spolupráce funguje v akutních případech.",
        }],
        topics: &["vyjasnění kompetencí a rolí aktérů", "spolupráce při potenciálním ohrožení dítěte"],
    },
    NetworkSpec {
        slug: "lovosice",
        name: "ORP Lovosice",
        town: "Lovosice",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[],
        platforms: &[PlatformSpec {
            name: "Mezirezortní spolupráce Lovosice",
            platform_type: "interdisciplinary",
            per_year: 3,
            coordinators: &["ospod"],
            members: &["school", "labour", "sas"],
            topics: &["zabránění prohlubování ohrožení", "případová práce"],
            areas: &["safety", "material"],
            evaluation: "Dobrá praxe mezirezortní spolupráce; rozvíjet případovou práci.",
        }],
        topics: &["komunikace a spolupráce aktérů", "případová práce v lokalitě"],
    },
    NetworkSpec {
        slug: "roudnice-nad-labem",
        name: "ORP Roudnice nad Labem",
        town: "Roudnice nad Labem",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[ActorSpec {
            name: "Farnost Roudnice – dobrovolníci",
            ..actor(
                "",
                "dobrovolnická aktivita",
                "farnost",
                "church",
                "other",
                &["relationships", "material"],
                "prevention",
            )
        }],
        platforms: &[PlatformSpec {
            name: "Místní platforma Nikdo není na nic sám",
            platform_type: "interdisciplinary",
            per_year: 2,
            coordinators: &["sas"],
            members: &["ospod", "school", "ddm"],
            topics: &["otevřená komunikace", "společné plánování"],
            areas: &["relationships"],
            evaluation: "Platforma žije z osobního nasazení koordinátora.",
        }],
        topics: &["síťování na všech úrovních", "podpora místních platforem"],
    },
    NetworkSpec {
        slug: "louny",
        name: "ORP Louny",
        town: "Louny",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[
            ActorSpec {
                name: "Farnost Louny",
                ..actor("", "dobrovolnická aktivita", "farnost", "church", "other", &["relationships"], "prevention")
            },
            ActorSpec {
                name: "Probační a mediační služba Louny",
                ages: &[2],
                ..actor("", "orgán veřejné moci", "PMS", "state", "justice", &["behaviour", "safety"], "intervention")
            },
        ],
        platforms: &[
            PlatformSpec {
                name: "Burza psychosociálních služeb Louny",
                platform_type: "interdisciplinary",
                per_year: 1,
                coordinators: &["sas"],
                members: &["ospod", "pediatrician", "kindergarten", "Farnost Louny"],
                topics: &["přehled o dostupných službách", "navázání spolupráce"],
                areas: &["health", "relationships"],
                evaluation: "Pediatři a mateřské školy se zapojili do sítě.",
            },
            PlatformSpec {
                name: "Multitým pro mládež Louny",
                platform_type: "formal",
                per_year: 6,
                coordinators: &["Probační a mediační služba Louny"],
                members: &["ospod", "police", "school"],
                topics: &["mládež s rizikovými projevy chování"],
                areas: &["behaviour"],
                evaluation: "Nově vzniklý tým pod PMS; zatím bez vyhodnocení dopadů.",
            },
        ],
        topics: &["služby pro rozvod a rozchod rodičů", "duševní zdraví dětí"],
    },
    NetworkSpec {
        slug: "most",
        name: "ORP Most",
        town: "Most",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[
            ActorSpec {
                name: "K-centrum Most k naději",
                ages: &[2, 3],
                ..actor(
                    "",
                    "sociální služba",
                    "kontaktní centrum",
                    "ngo",
                    "health",
                    &["health", "behaviour"],
                    "intervention",
                )
            },
            ActorSpec { name: "Azylový dům pro rodiny K srdci klíč", ..SHELTER },
            ActorSpec {
                name: "Mosty, z. s. – cochemská praxe",
                ..actor(
                    "",
                    "sociální služba",
                    "odborné sociální poradenství",
                    "ngo",
                    "justice",
                    &["relationships"],
                    "intervention",
                )
            },
            ActorSpec {
                name: "Women for Women, o. p. s.",
                ..actor("", "nadace a projekty", "obědy do škol", "ngo", "other", &["material"], "prevention")
            },
            ActorSpec {
                name: "Fokus Labe, z. s.",
                ..actor("", "sociální služba", "sociální rehabilitace", "ngo", "health", &["health"], "both")
            },
            ActorSpec {
                name: "Oblastní charita Most – asistované kontakty",
                ..actor("", "sociální služba", "SAS", "church", "social_affairs", &["relationships"], "intervention")
            },
        ],
        platforms: &[
            PlatformSpec {
                name: "Setkávání SAS a OSPOD Most",
                platform_type: "mini_team",
                per_year: 6,
                coordinators: &["ospod"],
                members: &["sas", "Oblastní charita Most – asistované kontakty"],
                topics: &["předávání případů", "asistované kontakty"],
                areas: &["relationships", "safety"],
                evaluation: "Pravidelná setkání zkrátila předávání případů.",
            },
            PlatformSpec {
                name: "Komise SPOD Most",
                platform_type: "formal",
                per_year: 4,
                coordinators: &["ospod"],
                members: &["police", "school", "pediatrician"],
                topics: &["včasná intervence", "případové a rodinné konference"],
                areas: &["safety", "health"],
                evaluation: "Komise hledá tematické zaměření.",
            },
        ],
        topics: &[
            "kapacity mediačních a terapeutických služeb",
            "spolupráce s pediatry",
            "role hlavního koordinátora sítě",
        ],
    },
    NetworkSpec {
        slug: "bilina",
        name: "ORP Bílina",
        town: "Bílina",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[],
        platforms: &[
            PlatformSpec {
                name: "Tým pro rodinu Bílina",
                platform_type: "interdisciplinary",
                per_year: 6,
                coordinators: &["ospod"],
                members: &["school", "sas", "ppp", "police"],
                topics: &["sanace rodiny", "kompetence a možnosti OSPOD"],
                areas: &["relationships", "safety"],
                evaluation: "Multioborová platforma pro práci s rodinou funguje; udržet ji.",
            },
            PlatformSpec {
                name: "Setkávání ředitelů škol Bílina",
                platform_type: "formal",
                per_year: 2,
                coordinators: &["school"],
                members: &["kindergarten", "ospod"],
                topics: &["spolupráce škol a sítě služeb"],
                areas: &["learning"],
                evaluation: "Ředitelé oceňují informace o dalších službách.",
            },
        ],
        topics: &["spolupráce škol a sítě služeb", "zavedení komise SPOD", "zapojení neformálních aktérů"],
    },
    NetworkSpec {
        slug: "litvinov",
        name: "ORP Litvínov",
        town: "Litvínov",
        localities: &["Janov"],
        region: "ustecky",
        active: true,
        actors: &[
            ActorSpec {
                name: "Maminky Janov",
                ages: &[0, 3],
                ..actor(
                    "",
                    "komunitní aktivita",
                    "svépomocná skupina",
                    "ngo",
                    "other",
                    &["relationships", "material"],
                    "prevention",
                )
            },
            ActorSpec { name: "Nízkoprahový klub Janov", ..NZDM },
        ],
        platforms: &[
            PlatformSpec {
                name: "Multioborový tým pro mládež Litvínov",
                platform_type: "formal",
                per_year: 6,
                coordinators: &["police"],
                members: &["ospod", "school", "Nízkoprahový klub Janov"],
                topics: &["děti a mládež ohrožená rizikovým chováním", "prevence kriminality"],
                areas: &["behaviour", "safety"],
                evaluation: "Tým je vzorem pro okolní ORP.",
            },
            PlatformSpec {
                name: "Setkávání pracovníků v přímé péči SVL Janov",
                platform_type: "mini_team",
                per_year: 10,
                coordinators: &["sas"],
                members: &["Maminky Janov", "Nízkoprahový klub Janov", "ospod"],
                topics: &["koordinovaná péče", "práce s komunitou"],
                areas: &["relationships", "material"],
                evaluation: "Sdílení informací z terénu funguje.",
            },
        ],
        topics: &["práce s komunitou", "tematické zaměření komise SPOD", "spolupráce s bytovými družstvy"],
    },
    NetworkSpec {
        slug: "chomutov",
        name: "ORP Chomutov",
        town: "Chomutov",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[ActorSpec {
            name: "Světlo Kadaň – adiktologické služby",
            forms: &["field", "outpatient"],
            ages: &[2, 3],
            ..actor("", "sociální služba", "terénní program", "ngo", "health", &["health", "behaviour"], "both")
        }],
        platforms: &[PlatformSpec {
            name: "Případové konference Chomutov",
            platform_type: "case_conference",
            per_year: 8,
            coordinators: &["ospod"],
            members: &["Světlo Kadaň – adiktologické služby", "sas", "school", "pediatrician"],
            topics: &["rodiny ohrožené užíváním návykových látek"],
            areas: &["health", "safety"],
            evaluation: "Konference spojují OSPOD, OTSP a adiktology.",
        }],
        topics: &["děti a rodiny ohrožené užíváním návykových látek", "zapojení rodičů do sítě"],
    },
    NetworkSpec {
        slug: "teplice",
        name: "ORP Teplice",
        town: "Teplice",
        localities: &["Dubí"],
        region: "ustecky",
        active: true,
        actors: &[ActorSpec {
            name: "Projekt Šance pro každého (Dubí)",
            ..actor(
                "",
                "nadace a projekty",
                "projekt",
                "municipality",
                "other",
                &["learning", "relationships"],
                "prevention",
            )
        }],
        platforms: &[PlatformSpec {
            name: "Šance pro každého – setkávání v Dubí",
            platform_type: "interdisciplinary",
            per_year: 4,
            coordinators: &["Projekt Šance pro každého (Dubí)"],
            members: &["school", "ospod", "police"],
            topics: &["komunikace škol a sociálních služeb", "sociální práce na školách"],
            areas: &["learning"],
            evaluation: "Inspirace pro podobné platformy v dalších obcích.",
        }],
        topics: &["informovanost škol o dalších aktérech", "psychiatrická a psychologická péče", "bydlení pro rodiny"],
    },
    NetworkSpec {
        slug: "rumburk",
        name: "ORP Rumburk",
        town: "Rumburk",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[ActorSpec {
            name: "Koordinátor sociálních služeb Rumburk",
            ..actor(
                "",
                "orgán veřejné moci",
                "koordinace sociálních služeb",
                "municipality",
                "social_affairs",
                &["material", "relationships"],
                "prevention",
            )
        }],
        platforms: &[PlatformSpec {
            name: "Setkávání aktérů sítě Rumburk",
            platform_type: "interdisciplinary",
            per_year: 4,
            coordinators: &["Koordinátor sociálních služeb Rumburk"],
            members: &["ospod", "school", "sas"],
            topics: &["spolupráce OSPOD a NNO", "zadluženost rodin", "krizové bydlení"],
            areas: &["material", "safety"],
            evaluation: "Udržet pozici koordinátora, který setkání svolává.",
        }],
        topics: &["krizové bydlení", "zadluženost rodin s dětmi"],
    },
    NetworkSpec {
        slug: "zatec",
        name: "ORP Žatec",
        town: "Žatec",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[],
        platforms: &[PlatformSpec {
            name: "Burza psychosociálních služeb Žatec",
            platform_type: "interdisciplinary",
            per_year: 1,
            coordinators: &["sas"],
            members: &["ospod", "labour", "school"],
            topics: &["podpora dětí opouštějících NRP a ústavní výchovu"],
            areas: &["material", "relationships"],
            evaluation: "Burza propojila školy, OSPOD a úřad práce.",
        }],
        topics: &["dostupná podpora pro děti opouštějící ústavní výchovu"],
    },
    NetworkSpec {
        slug: "podborany",
        name: "ORP Podbořany",
        town: "Podbořany",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[],
        platforms: &[PlatformSpec {
            name: "Platforma sociálních a prorodinných služeb Podbořany",
            platform_type: "interdisciplinary",
            per_year: 4,
            coordinators: &["sas"],
            members: &["ospod", "labour", "school"],
            topics: &["kooperace služeb, OSV a ÚP"],
            areas: &["material"],
            evaluation: "Platforma se ustanovila a schází se pravidelně.",
        }],
        topics: &["síť služeb pro ohrožené děti a rodiny"],
    },
    NetworkSpec {
        slug: "varnsdorf",
        name: "ORP Varnsdorf",
        town: "Varnsdorf",
        localities: &[],
        region: "ustecky",
        active: true,
        actors: &[],
        platforms: &[],
        topics: &["pozice lokálního síťaře dlouhodobě neobsazena"],
    },
    NetworkSpec {
        slug: "kadan",
        name: "ORP Kadaň",
        town: "Kadaň",
        localities: &[],
        region: "ustecky",
        active: false,
        actors: &[],
        platforms: &[],
        topics: &[],
    },
    NetworkSpec {
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
    },
];

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
    pub activities:
        &'static [(&'static str, &'static str, &'static [&'static str], &'static str, &'static [&'static str])],
}

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
