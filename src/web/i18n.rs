//! The pages' words: Czech first, English second, as two message tables —
//! the templates say [`Msg`]s, never text, so a page is written once for
//! both languages. The language is the `uzel_lang` cookie (`/jazyk?l=en`
//! sets it), Czech when there is none.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "uzel_lang";

/// A language of the pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Czech (the default).
    #[default]
    Cs,
    /// English.
    En,
}

impl Lang {
    /// The language a request asks for (its cookie), Czech by default.
    pub fn of(req: &HttpRequest) -> Self {
        match req.cookie(LANG_COOKIE).as_ref().map(Cookie::value) {
            Some("en") => Self::En,
            _ => Self::Cs,
        }
    }

    /// The `lang` attribute of the page.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cs => "cs",
            Self::En => "en",
        }
    }

    /// The other language, offered in every page's footer.
    pub fn other(self) -> Self {
        match self {
            Self::Cs => Self::En,
            Self::En => Self::Cs,
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cs => "Česky",
            Self::En => "English",
        }
    }

    /// The text of `msg` in this language.
    pub fn t(self, msg: Msg) -> &'static str {
        match self {
            Self::Cs => cs(msg),
            Self::En => en(msg),
        }
    }
}

/// Everything a page says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    /// The product's subtitle.
    Tagline,
    /// Skip to the content.
    SkipToContent,
    /// The main menu's label.
    Menu,
    /// Sign-in: the page's title.
    SignIn,
    /// Sign-in: the username label.
    Username,
    /// Sign-in: the password label.
    Password,
    /// Sign-in: the button.
    SignInButton,
    /// Sign-in: the intro text.
    SignInIntro,
    /// Sign-in failed: wrong username or password.
    WrongPassword,
    /// Sign-in throttled.
    Throttled,
    /// The form expired (CSRF).
    FormExpired,
    /// Sign out.
    SignOut,
    /// Signed in as …
    SignedInAs,
    /// Change password: title.
    ChangePassword,
    /// The current password.
    CurrentPassword,
    /// The new password.
    NewPassword,
    /// The new password again.
    NewPasswordAgain,
    /// Hint under the new password.
    NewPasswordHint,
    /// Save.
    Save,
    /// The passwords do not match.
    PasswordsDiffer,
    /// The password was changed.
    PasswordChanged,
    /// The error summary's heading.
    ErrorSummary,
    /// Home.
    Home,
    /// Home: your networks.
    YourNetworks,
    /// Home: no role yet.
    NoRoleYet,
    /// Network home.
    NetworkHome,
    /// The directory.
    Directory,
    /// Free capacity now.
    FreeCapacityNow,
    /// No free capacity announced.
    NoFreeCapacity,
    /// Records due for review.
    DueForReview,
    /// Nothing due.
    NothingDue,
    /// Stale capacity announcements.
    StaleCapacity,
    /// None stale.
    NoneStale,
    /// Changes of the last 14 days.
    RecentChanges,
    /// No changes.
    NoRecentChanges,
    /// Upcoming and overdue meetings.
    Meetings,
    /// No meeting planned.
    NoMeetings,
    /// Open tasks.
    OpenTasks,
    /// No open tasks.
    NoOpenTasks,
    /// Open "place wanted" requests.
    PlaceWanted,
    /// No open requests.
    NoPlaceWanted,
    /// Not found: title.
    NotFound,
    /// Not found: text.
    NotFoundText,
    /// Forbidden: title.
    Forbidden,
    /// Forbidden: text.
    ForbiddenText,
    /// The board (link).
    Board,
    /// Published plans (link).
    PublishedPlans,
    /// The API's documentation (link).
    ApiDocs,
    /// Last reviewed.
    LastReviewed,
    /// Never reviewed.
    NeverReviewed,
    /// Announced on.
    AnnouncedOn,
    /// Overdue.
    Overdue,
    /// Planned.
    Planned,
    /// Last meeting.
    LastMeeting,
    /// Due.
    Due,
    /// Added.
    Added,
    /// Ended.
    Ended,
    /// Changed.
    Changed,
    /// Reviewed.
    Reviewed,
    /// The directory page's title.
    DirectoryTitle,
    /// A filter that cannot be used.
    FilterUnusable,
    /// Clear the filters.
    ClearFilters,
    /// Search (label and button).
    Search,
    /// Search hint for case managers.
    SearchHintNames,
    /// Search hint.
    SearchHintAll,
    /// Need areas.
    NeedAreas,
    /// Target groups.
    TargetGroups,
    /// Places.
    Places,
    /// Life situations.
    LifeSituations,
    /// Prevention or intervention.
    Focus,
    /// All.
    All,
    /// Prevention.
    Prevention,
    /// Intervention.
    Intervention,
    /// Only the crisis network.
    OnlyCrisis,
    /// Only with free capacity now.
    OnlyFree,
    /// Status.
    Status,
    /// Active and temporarily closed.
    StatusDefault,
    /// Active (filter).
    ActivePl,
    /// Temporarily closed (filter).
    ClosedPl,
    /// Ended (filter).
    EndedPl,
    /// Order.
    Sort,
    /// By name.
    SortName,
    /// By last change.
    SortUpdated,
    /// Found (a count follows).
    Found,
    /// No match.
    NoMatch,
    /// Name.
    Name,
    /// Kind.
    Kind,
    /// Free capacity.
    FreeCapacity,
    /// Pages.
    Pages,
    /// Previous page.
    Previous,
    /// Next page.
    Next,
    /// Page n of m (between the numbers).
    PageOf,
    /// Page.
    PageWord,
    /// Status: (an actor's).
    StatusLabel,
    /// Since (a date follows).
    Since,
    /// The actor's fields.
    Details,
    /// Capacity.
    Capacity,
    /// Unit.
    Unit,
    /// The registered maximum.
    AtMost,
    /// Free places.
    Free,
    /// Announced.
    Announced,
    /// An announcement no longer valid.
    NoLongerValid,
    /// Not announced.
    NotAnnounced,
    /// Scheduled changes.
    ScheduledChanges,
    /// Status becomes.
    StatusTo,
    /// History of changes.
    History,
    /// In effect from.
    EffectiveFrom,
    /// Recorded.
    RecordedOn,
    /// Who.
    WhoColumn,
    /// Change.
    Change,
    /// The state on (a date follows).
    StateOn,
    /// Active (an actor).
    Active,
    /// Temporarily closed (an actor).
    TemporarilyClosed,
    /// Ended (an actor).
    EndedActor,
    /// The system (an author).
    System,
    /// Yes.
    Yes,
    /// No.
    No,
    /// Entered into the network.
    EvRegistered,
    /// Status changed.
    EvStatus,
    /// Reviewed.
    EvReviewed,
    /// A note added.
    EvNoteAdded,
    /// A note edited.
    EvNoteEdited,
    /// A note removed.
    EvNoteRemoved,
    /// A contact person added.
    EvContactAdded,
    /// A contact person changed.
    EvContactChanged,
    /// A contact person removed.
    EvContactRemoved,
    /// A contact person's data erased.
    EvContactErased,
    /// A capacity announcement.
    EvCapacity,
}

fn cs(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        Tagline => "síť služeb pro ohrožené děti a rodiny",
        SkipToContent => "Přejít k obsahu",
        Menu => "Hlavní nabídka",
        SignIn => "Přihlášení",
        Username => "Uživatelské jméno",
        Password => "Heslo",
        SignInButton => "Přihlásit se",
        SignInIntro => "Přihlaste se jménem a heslem, které vám dal koordinátor sítě.",
        WrongPassword => "Uživatelské jméno nebo heslo nesouhlasí. Zkontrolujte je a zkuste to znovu.",
        Throttled => "Příliš mnoho neúspěšných pokusů. Zkuste to znovu za 15 minut.",
        FormExpired => "Platnost formuláře vypršela. Odešlete ho prosím znovu.",
        SignOut => "Odhlásit se",
        SignedInAs => "Přihlášen(a):",
        ChangePassword => "Změna hesla",
        CurrentPassword => "Současné heslo",
        NewPassword => "Nové heslo",
        NewPasswordAgain => "Nové heslo znovu",
        NewPasswordHint => "Alespoň 8 znaků. Po změně se odhlásí všechna ostatní přihlášení.",
        Save => "Uložit",
        PasswordsDiffer => "Nová hesla se neshodují.",
        PasswordChanged => "Heslo bylo změněno. Přihlaste se novým heslem.",
        ErrorSummary => "Je potřeba opravit:",
        Home => "Úvod",
        YourNetworks => "Vaše sítě",
        NoRoleYet => "Zatím nemáte v žádné síti roli. Požádejte koordinátora sítě o přístup.",
        NetworkHome => "Přehled sítě",
        Directory => "Adresář",
        FreeCapacityNow => "Volná kapacita teď",
        NoFreeCapacity => "Žádná služba teď nehlásí volná místa.",
        DueForReview => "Záznamy k roční revizi",
        NothingDue => "Všechny záznamy byly za poslední rok zrevidovány.",
        StaleCapacity => "Zastaralá hlášení kapacity",
        NoneStale => "Žádné hlášení kapacity není zastaralé.",
        RecentChanges => "Změny za posledních 14 dní",
        NoRecentChanges => "Za posledních 14 dní se nic nezměnilo.",
        Meetings => "Setkání platforem",
        NoMeetings => "Žádná platforma nemá setkání naplánované ani po termínu.",
        OpenTasks => "Otevřené úkoly",
        NoOpenTasks => "Žádné otevřené úkoly.",
        PlaceWanted => "Hledá se místo",
        NoPlaceWanted => "Žádná otevřená poptávka.",
        NotFound => "Stránka nenalezena",
        NotFoundText => "Tato stránka neexistuje, nebo k ní nemáte přístup.",
        Forbidden => "Přístup odepřen",
        ForbiddenText => "K této stránce vaše role nedává přístup.",
        Board => "Nástěnka",
        PublishedPlans => "Zveřejněné plány",
        ApiDocs => "API pro vývojáře",
        LastReviewed => "naposledy revidováno",
        NeverReviewed => "dosud nerevidováno",
        AnnouncedOn => "hlášeno",
        Overdue => "po termínu",
        Planned => "naplánováno",
        LastMeeting => "poslední setkání",
        Due => "termín",
        Added => "nově zapsán",
        Ended => "ukončen",
        Changed => "změna údajů",
        Reviewed => "zrevidován",
        DirectoryTitle => "Adresář služeb",
        FilterUnusable => "Filtr nejde použít:",
        ClearFilters => "Zrušit filtry",
        Search => "Hledat",
        SearchHintNames => "V názvech služeb, bez ohledu na diakritiku.",
        SearchHintAll => "V názvu, popisu, druhu, typu a adrese, bez ohledu na diakritiku.",
        NeedAreas => "Oblasti potřeb",
        TargetGroups => "Cílové skupiny",
        Places => "Místa působnosti",
        LifeSituations => "Životní situace",
        Focus => "Prevence / intervence",
        All => "vše",
        Prevention => "prevence",
        Intervention => "intervence",
        OnlyCrisis => "Jen krizová síť",
        OnlyFree => "Jen s volnou kapacitou teď",
        Status => "Stav",
        StatusDefault => "aktivní a dočasně uzavřené",
        ActivePl => "aktivní",
        ClosedPl => "dočasně uzavřené",
        EndedPl => "ukončené",
        Sort => "Řazení",
        SortName => "podle názvu",
        SortUpdated => "podle poslední změny",
        Found => "Nalezeno:",
        NoMatch => "Filtrům neodpovídá žádná služba. Zkuste některý filtr zrušit.",
        Name => "Název",
        Kind => "Druh",
        FreeCapacity => "Volná kapacita",
        Pages => "Stránky",
        Previous => "← předchozí",
        Next => "další →",
        PageOf => "z",
        PageWord => "strana",
        StatusLabel => "Stav:",
        Since => "od",
        Details => "Údaje",
        Capacity => "Kapacita",
        Unit => "Jednotka",
        AtMost => "Nejvýše",
        Free => "Volno",
        Announced => "Hlášeno",
        NoLongerValid => "hlášení už neplatí",
        NotAnnounced => "nehlášeno",
        ScheduledChanges => "Naplánované změny",
        StatusTo => "stav →",
        History => "Historie změn",
        EffectiveFrom => "Platí od",
        RecordedOn => "Zapsáno",
        WhoColumn => "Kdo",
        Change => "Změna",
        StateOn => "Stav k",
        Active => "aktivní",
        TemporarilyClosed => "dočasně uzavřen",
        EndedActor => "ukončen",
        System => "systém",
        Yes => "ano",
        No => "ne",
        EvRegistered => "zapsán do sítě",
        EvStatus => "změna stavu",
        EvReviewed => "zrevidován",
        EvNoteAdded => "přidána poznámka",
        EvNoteEdited => "upravena poznámka",
        EvNoteRemoved => "odebrána poznámka",
        EvContactAdded => "přidána kontaktní osoba",
        EvContactChanged => "změněna kontaktní osoba",
        EvContactRemoved => "odebrána kontaktní osoba",
        EvContactErased => "výmaz osobních údajů kontaktní osoby",
        EvCapacity => "hlášení kapacity",
    }
}

fn en(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        Tagline => "the network of services for children and families at risk",
        SkipToContent => "Skip to content",
        Menu => "Main menu",
        SignIn => "Sign in",
        Username => "Username",
        Password => "Password",
        SignInButton => "Sign in",
        SignInIntro => "Sign in with the username and password your network's coordinator gave you.",
        WrongPassword => "The username or the password is wrong. Check them and try again.",
        Throttled => "Too many failed attempts. Try again in 15 minutes.",
        FormExpired => "The form has expired. Please send it again.",
        SignOut => "Sign out",
        SignedInAs => "Signed in:",
        ChangePassword => "Change password",
        CurrentPassword => "Current password",
        NewPassword => "New password",
        NewPasswordAgain => "New password again",
        NewPasswordHint => "At least 8 characters. Your other sessions end when it changes.",
        Save => "Save",
        PasswordsDiffer => "The new passwords differ.",
        PasswordChanged => "Your password was changed. Sign in with the new one.",
        ErrorSummary => "Please correct:",
        Home => "Home",
        YourNetworks => "Your networks",
        NoRoleYet => "You have no role in any network yet. Ask your network's coordinator for access.",
        NetworkHome => "Network overview",
        Directory => "Directory",
        FreeCapacityNow => "Free capacity now",
        NoFreeCapacity => "No service announces free places now.",
        DueForReview => "Records due for the yearly review",
        NothingDue => "Every record was reviewed in the last year.",
        StaleCapacity => "Stale capacity announcements",
        NoneStale => "No capacity announcement is stale.",
        RecentChanges => "Changes of the last 14 days",
        NoRecentChanges => "Nothing changed in the last 14 days.",
        Meetings => "Platform meetings",
        NoMeetings => "No platform has a meeting planned or overdue.",
        OpenTasks => "Open tasks",
        NoOpenTasks => "No open tasks.",
        PlaceWanted => "Place wanted",
        NoPlaceWanted => "No open requests.",
        NotFound => "Page not found",
        NotFoundText => "This page does not exist, or you have no access to it.",
        Forbidden => "Access denied",
        ForbiddenText => "Your role does not give access to this page.",
        Board => "Notice board",
        PublishedPlans => "Published plans",
        ApiDocs => "API for developers",
        LastReviewed => "last reviewed",
        NeverReviewed => "never reviewed",
        AnnouncedOn => "announced",
        Overdue => "overdue",
        Planned => "planned",
        LastMeeting => "last meeting",
        Due => "due",
        Added => "entered",
        Ended => "ended",
        Changed => "fields changed",
        Reviewed => "reviewed",
        DirectoryTitle => "Directory of services",
        FilterUnusable => "The filter cannot be used:",
        ClearFilters => "Clear filters",
        Search => "Search",
        SearchHintNames => "In the services' names, ignoring diacritics.",
        SearchHintAll => "In the name, description, kind, type and address, ignoring diacritics.",
        NeedAreas => "Need areas",
        TargetGroups => "Target groups",
        Places => "Places",
        LifeSituations => "Life situations",
        Focus => "Prevention / intervention",
        All => "all",
        Prevention => "prevention",
        Intervention => "intervention",
        OnlyCrisis => "Crisis network only",
        OnlyFree => "Only with free capacity now",
        Status => "Status",
        StatusDefault => "active and temporarily closed",
        ActivePl => "active",
        ClosedPl => "temporarily closed",
        EndedPl => "ended",
        Sort => "Order",
        SortName => "by name",
        SortUpdated => "by last change",
        Found => "Found:",
        NoMatch => "No service matches the filters. Try removing one.",
        Name => "Name",
        Kind => "Kind",
        FreeCapacity => "Free capacity",
        Pages => "Pages",
        Previous => "← previous",
        Next => "next →",
        PageOf => "of",
        PageWord => "page",
        StatusLabel => "Status:",
        Since => "since",
        Details => "Details",
        Capacity => "Capacity",
        Unit => "Unit",
        AtMost => "At most",
        Free => "Free",
        Announced => "Announced",
        NoLongerValid => "announcement no longer valid",
        NotAnnounced => "not announced",
        ScheduledChanges => "Scheduled changes",
        StatusTo => "status →",
        History => "History of changes",
        EffectiveFrom => "In effect from",
        RecordedOn => "Recorded",
        WhoColumn => "Who",
        Change => "Change",
        StateOn => "As of",
        Active => "active",
        TemporarilyClosed => "temporarily closed",
        EndedActor => "ended",
        System => "system",
        Yes => "yes",
        No => "no",
        EvRegistered => "entered into the network",
        EvStatus => "status changed",
        EvReviewed => "reviewed",
        EvNoteAdded => "note added",
        EvNoteEdited => "note edited",
        EvNoteRemoved => "note removed",
        EvContactAdded => "contact person added",
        EvContactChanged => "contact person changed",
        EvContactRemoved => "contact person removed",
        EvContactErased => "contact person's data erased",
        EvCapacity => "capacity announcement",
    }
}

/// The query of `/jazyk`.
#[derive(Debug, Deserialize)]
pub struct Switch {
    /// `cs` or `en`.
    l: String,
    /// Where to go back to (a path of this site).
    #[serde(default)]
    zpet: String,
}

/// `GET /jazyk?l=en&zpet=/…`: keeps the language in a cookie and goes back.
pub async fn switch(q: web::Query<Switch>) -> HttpResponse {
    let lang = if q.l == "en" { "en" } else { "cs" };
    // Only a path of this site: never a redirect elsewhere.
    let back = if q.zpet.starts_with('/') && !q.zpet.starts_with("//") { q.zpet.as_str() } else { "/" };
    let cookie =
        Cookie::build(LANG_COOKIE, lang).path("/").same_site(SameSite::Lax).max_age(time::Duration::days(365)).finish();
    HttpResponse::SeeOther().cookie(cookie).insert_header((header::LOCATION, back.to_owned())).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_say_every_message_and_differ() {
        for msg in [Msg::SignIn, Msg::FreeCapacityNow, Msg::DueForReview, Msg::WrongPassword] {
            assert!(!Lang::Cs.t(msg).is_empty() && !Lang::En.t(msg).is_empty());
            assert_ne!(Lang::Cs.t(msg), Lang::En.t(msg));
        }
        assert_eq!(Lang::Cs.other(), Lang::En);
    }
}
