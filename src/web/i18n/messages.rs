//! Every message a page says, by name; `cs.rs` and `en.rs` give its words.

/// Everything a page says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    /// The product's subtitle.
    Tagline,
    /// Skip to the content.
    SkipToContent,
    /// The main menu's label.
    Menu,
    /// The main menu folded on a phone: what opens it.
    MenuFold,
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
    /// The link over a phone's long filter form down to the directory's results.
    ToResults,
    /// The directory's filters, folded on a phone.
    FiltersFold,
    /// How many filters are in use (after the number).
    FiltersInUse,
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
    /// Template group: identification.
    GroupIdentity,
    /// Template group: what the service does.
    GroupWork,
    /// Template group: where and how to reach it.
    GroupReach,
    /// Template group: capacity.
    GroupCapacity,
    /// Template group: the network's own categories.
    GroupCustom,
    /// A number field got something else.
    WholeNumber,
    /// A capacity got something else.
    CapacityNumber,
    /// Hint under the registered capacity.
    CapacityHint,
    /// A choice left open.
    NotSaid,
    /// The date a change holds from.
    HoldsFrom,
    /// Hint under that date.
    HoldsFromHint,
    /// A date that is not one.
    DateFormat,
    /// The record is gone.
    GoneMeanwhile,
    /// Storage failed.
    NotSavedTryAgain,
    /// The edit page's title.
    EditActor,
    /// Link back to the actor.
    BackToActor,
    /// The status select's label.
    NewStatus,
    /// The status button.
    SetStatus,
    /// No status chosen.
    PickStatus,
    /// Under a field both changed.
    ChangedMeanwhileTo,
    /// Under a field both changed.
    YoursKept,
    /// The merge notice's heading.
    ChangedMeanwhile,
    /// The merge notice's text.
    MergeHint,
    /// The new actor page's title.
    NewActor,
    /// The new actor page's intro.
    NewActorIntro,
    /// After a save.
    Saved,
    /// The edit link.
    Edit,
    /// A task's status: open.
    TaskOpen,
    /// A task's status: done.
    TaskDone,
    /// A task's status: dropped.
    TaskDropped,
    /// A meeting: planned.
    MeetingScheduled,
    /// A meeting: held.
    MeetingHeld,
    /// A meeting: called off.
    MeetingCancelled,
    /// No platforms.
    NoPlatforms,
    /// The column: platform type.
    PlatformType,
    /// The column: members.
    MembersCount,
    /// Meetings held in 12 months / planned a year.
    HeldVsPlanned,
    /// The column: last meeting.
    LastMeetingColumn,
    /// The column: next meeting.
    NextMeeting,
    /// A platform that ended.
    PlatformEnded,
    /// The platforms page's title.
    Platforms,
    /// Fewer meetings than planned.
    BehindPlan,
    /// As many as planned.
    OnPlan,
    /// The composition heading.
    Composition,
    /// The platform's coordinators.
    PlatformCoordinators,
    /// The platform's members.
    PlatformMembers,
    /// Others taking part.
    OthersPresent,
    /// How often it meets.
    Frequency,
    /// Per year.
    PerYear,
    /// Topics.
    Topics,
    /// Goals.
    Goals,
    /// Written outputs.
    WrittenOutputs,
    /// The meetings heading.
    MeetingsTitle,
    /// No meetings.
    NoMeetingsYet,
    /// Where.
    Place,
    /// Who attended.
    Attended,
    /// Others (a count).
    OthersCount,
    /// Evaluations.
    Evaluations,
    /// Plan a meeting.
    PlanMeeting,
    /// Date.
    Date,
    /// Hint under a date.
    DateHint,
    /// Time of day.
    Time,
    /// Hint under a time.
    TimeHint,
    /// The agenda.
    Agenda,
    /// Record a meeting that was not planned.
    RecordUnplannedMeeting,
    /// A task.
    Task,
    /// A decision.
    Decision,
    /// Who is responsible.
    Owner,
    /// The task status select's label.
    TaskStatusLabel,
    /// The change button.
    ChangeButton,
    /// A date (and time) not understood.
    DateTimeFormat,
    /// Back.
    Back,
    /// Not saved.
    NotSaved,
    /// A meeting.
    Meeting,
    /// No owner.
    NoOwner,
    /// Decisions and tasks.
    Outcomes,
    /// None yet.
    NoOutcomes,
    /// Add a decision or task.
    AddOutcome,
    /// Decision or task.
    OutcomeKindLabel,
    /// What was decided or is to be done.
    OutcomeText,
    /// Hint under the owner.
    OwnerHint,
    /// The due date's label.
    DueLabel,
    /// Record the meeting as held.
    RecordHeld,
    /// No members.
    NoMembersToTick,
    /// Others present (count).
    OthersPresentCount,
    /// Hint under others.
    OthersHint,
    /// Minutes.
    Minutes,
    /// Call a meeting off.
    CancelMeeting,
    /// Why.
    CancelReason,
    /// Pick from the list.
    PickFromList,
    /// A planned meeting past its date, not recorded.
    NotRecorded,
    /// Remove.
    Remove,
    /// The coverage page.
    Coverage,
    /// A need area.
    NeedArea,
    /// The needs map page.
    NeedsMap,
    /// Activities.
    Activities,
    /// An activity.
    Activity,
    /// Actors.
    Actors,
    /// Nothing yet.
    NoneYet,
    /// Show.
    Show,
    /// The needs map's intro.
    NeedsIntro,
    /// Forms in which the need is met.
    NeedForms,
    /// Prevention or intervention.
    Stage,
    /// Kinds of actors.
    ActorKinds,
    /// Local practice.
    LocalPractice,
    /// No actor linked.
    NoActorLinked,
    /// Add an activity to this area.
    AddActivityHere,
    /// Add a form.
    AddNeedForm,
    /// The form's text.
    NeedFormText,
    /// Its hint.
    NeedFormHint,
    /// Add an activity.
    AddActivity,
    /// One per line.
    OnePerLine,
    /// The actors doing it.
    ActorsDoingIt,
    /// Remove the activity.
    RemoveActivity,
    /// Edit an activity.
    EditActivity,
    /// Only one place.
    OnlyPlace,
    /// The whole network.
    WholeNetwork,
    /// How to read the matrix.
    CoverageLegend,
    /// No target groups.
    NoTargetGroups,
    /// The matrix's caption.
    CoverageCaption,
    /// An uncovered cell.
    Uncovered,
    /// No prevention.
    NoPrevention,
    /// No gap.
    NoGap,
    /// Target groups nobody serves.
    GroupsUnserved,
    /// Places nobody serves.
    PlacesUnserved,
    /// Activities without actors.
    ActivitiesWithoutActors,
    /// Actors in no platform.
    ActorsInNoPlatform,
    /// Need areas no platform takes up.
    AreasWithoutPlatform,
    /// Activities no platform takes up.
    ActivitiesWithoutPlatform,
    /// The menu: needs map.
    NeedsMenu,
    /// The menu: coverage.
    CoverageMenu,
    /// Notes.
    Notes,
    /// No notes.
    NoNotes,
    /// A private note.
    PrivateNote,
    /// A new note.
    NewNote,
    /// Private: coordinators only.
    PrivateHint,
    /// Add a note.
    AddNote,
    /// Contact persons.
    Contacts,
    /// No contact persons.
    NoContacts,
    /// Manage the contact persons.
    ManageContacts,
    /// An erased person.
    ContactErased,
    /// A public contact.
    PublicContact,
    /// A note's text.
    NoteText,
    /// Remove the note.
    RemoveNote,
    /// A note.
    Note,
    /// The contacts page's intro.
    ContactsIntro,
    /// Remove a contact person.
    RemoveContact,
    /// Erase a person's data.
    EraseContact,
    /// Add a contact person.
    AddContact,
    /// A person's name.
    PersonName,
    /// A person's role.
    PersonRole,
    /// A person's e-mail.
    PersonEmail,
    /// A person's phone.
    PersonPhone,
    /// A public contact.
    PublicHint,
    /// What erasure means.
    EraseExplained,
    /// Confirm erasure.
    EraseConfirm,
    /// The capacity chart's heading.
    CapacityOverYear,
    /// The picker's summary.
    AsOnDate,
    /// Hint under the date.
    AsOfHint,
    /// Which clock.
    ClockLabel,
    /// The effective clock.
    ClockEffective,
    /// The recorded clock.
    ClockRecorded,
    /// The past is read-only.
    PastReadOnly,
    /// Back to today.
    BackToToday,
    /// No state for the date.
    NoStateForDate,
    /// Not in the network then.
    NotThereThen,
    /// The id column.
    IdColumn,
    /// Download the result.
    Download,
    /// Saved filters.
    SavedFilters,
    /// Shared with case managers.
    SharedWithCaseManagers,
    /// A filter's name.
    FilterName,
    /// Its hint.
    FilterNameHint,
    /// Share it.
    ShareWithCaseManagers,
    /// Save the filters.
    SaveFilter,
    /// The in-page navigation.
    OnThisPage,
    /// Taxonomies.
    Taxonomies,
    /// Custom categories.
    CustomCategories,
    /// What case managers see.
    CaseManagersSee,
    /// Users and roles.
    UsersAndRoles,
    /// The settings page.
    NetworkSettings,
    /// The rename input.
    RenameTo,
    /// Rename.
    Rename,
    /// Retire a term.
    Retire,
    /// Add a term.
    AddTerm,
    /// Which taxonomy.
    Taxonomy,
    /// A term's name.
    TermName,
    /// Its hint.
    TermHint,
    /// Category kind: text.
    KindText,
    /// Category kind: yes/no.
    KindYesNo,
    /// Category kind: number.
    KindNumber,
    /// Category kind: one of.
    KindOneOf,
    /// Category kind: any of.
    KindManyOf,
    /// Add a category.
    AddCategory,
    /// A category's name.
    CategoryName,
    /// A category's kind.
    CategoryKindLabel,
    /// The allowed values.
    AllowedValues,
    /// Their hint.
    AllowedHint,
    /// Shared notes.
    SharedNotes,
    /// Designated fields.
    DesignatedFields,
    /// Stale after days.
    StaleDays,
    /// Its hint.
    StaleDaysHint,
    /// Role: coordinator.
    RoleCoordinator,
    /// Role: case manager.
    RoleCaseManager,
    /// Role: a service's account.
    RoleActor,
    /// Role: platform member.
    RoleMember,
    /// Roles.
    Roles,
    /// Take a role back.
    TakeBack,
    /// Grant a role.
    GrantRole,
    /// Its hint.
    UsernameHint,
    /// A role.
    Role,
    /// For an actor's account: which.
    RoleActorWhich,
    /// For a member: which platform.
    RoleMemberWhich,
    /// The menu: settings.
    SettingsMenu,
    /// More filters.
    MoreFilters,
    /// Type of service.
    ServiceType,
    /// Founder.
    Founder,
    /// Sector.
    Sector,
    /// Form of service.
    ServiceForm,
    /// Online.
    Online,
    /// In no platform.
    InNoPlatform,
    /// Where the actor takes part.
    InTheNetwork,
    /// Coordinates the platform.
    CoordinatesIt,
    /// A member of the platform.
    MemberOfIt,
    /// A form sent without its token.
    FormExpiredTitle,
    /// What happened and what to do.
    FormExpiredText,
    /// Back to the form.
    BackToForm,
    /// Where filters are saved.
    SavedFiltersHint,
    /// Plain words: relationships.
    PlainRelationships,
    /// Plain words: safety.
    PlainSafety,
    /// Plain words: health.
    PlainHealth,
    /// Plain words: learning.
    PlainLearning,
    /// Plain words: behaviour.
    PlainBehaviour,
    /// Plain words: material.
    PlainMaterial,
    /// The public page's title.
    WhereToTurn,
    /// Its intro.
    WhereToTurnIntro,
    /// For members of the network.
    ForNetworkMembers,
    /// Where you live.
    WhereYouLive,
    /// Its hint.
    WhereYouLiveHint,
    /// Pick one.
    PickOne,
    /// What the child needs.
    WhatTheChildNeeds,
    /// Any need.
    AnyNeed,
    /// The family's situation.
    FamilySituation,
    /// Any situation.
    AnySituation,
    /// A place in the network.
    PlaceInNetwork,
    /// Any place.
    AnyPlace,
    /// Search words.
    SearchWords,
    /// Find help.
    FindHelp,
    /// Services that help.
    ServicesThatHelp,
    /// None found.
    NoServiceFound,
    /// In an emergency.
    InEmergency,
    /// Helps with.
    HelpsWith,
    /// In situations.
    InSituations,
    /// For whom.
    ForWhom,
    /// Where.
    Where,
    /// Opening hours.
    OpeningHours,
    /// A contact.
    Contact,
    /// A post kind: news.
    KindNews,
    /// A post kind: event.
    KindEvent,
    /// A post kind: project.
    KindProject,
    /// Announce capacity.
    AnnounceCapacity,
    /// No registered capacity.
    NoRegisteredCapacity,
    /// Last announced.
    LastAnnounced,
    /// Free now.
    FreeNow,
    /// Its hint.
    FreeNowHint,
    /// Occupied.
    Occupied,
    /// Waiting.
    Waiting,
    /// Valid until.
    ValidUntil,
    /// Its hint.
    ValidUntilHint,
    /// The announce button.
    Announce,
    /// Last week's announcements.
    LastWeek,
    /// Edit the service's entry.
    EditOwnEntry,
    /// The service's page.
    OwnPage,
    /// An offer was sent.
    OfferSent,
    /// What is offered.
    OfferText,
    /// Make an offer.
    MakeOffer,
    /// The service's offers.
    YourOffers,
    /// The request is resolved.
    RequestResolved,
    /// The offer was shared.
    OfferShared,
    /// The offer waits.
    OfferWaiting,
    /// Post on the board.
    PostOnBoard,
    /// What it is.
    PostKindLabel,
    /// A post's title.
    PostTitle,
    /// A post's text.
    PostText,
    /// When the event starts.
    EventStarts,
    /// Only for events.
    EventOnly,
    /// The publish button.
    Publish,
    /// Free now is missing.
    FreeNowMissing,
    /// A new request.
    NewRequest,
    /// The rule.
    NoIdentifyingData,
    /// A request's title.
    RequestTitle,
    /// Its hint.
    RequestTitleHint,
    /// A request's text.
    RequestText,
    /// Its hint.
    RequestTextHint,
    /// Its hint.
    RequestValidHint,
    /// Send the request.
    SendRequest,
    /// The person's requests.
    YourRequests,
    /// No offers.
    NoOffersYet,
    /// Withdrawn.
    Withdrawn,
    /// Shared.
    Shared,
    /// Share an offer.
    ShareOffer,
    /// A note on resolving.
    ResolveNote,
    /// Resolve.
    Resolve,
    /// The requests page.
    Requests,
    /// Nothing identifying.
    NoIdentifyingFound,
    /// The menu: the service's page.
    MyService,
    /// The menu: requests.
    RequestsMenu,
    /// The review page's intro.
    ReviewIntro,
    /// The yearly report.
    YearlyReport,
    /// Mark the ticked reviewed.
    MarkReviewed,
    /// The yearly review page.
    YearlyReview,
    /// The menu: review.
    ReviewMenu,
    /// Temporarily closed (plural).
    TemporarilyClosedPl,
    /// Reopened.
    Reopened,
    /// Before.
    Before,
    /// After.
    After,
    /// Cells that became covered.
    BecameCovered,
    /// Cells that became uncovered.
    BecameUncovered,
    /// The number of announcements.
    Announcements,
    /// The share of days fresh.
    FreshShare,
    /// Free, from least to most.
    FreeRange,
    /// Founded.
    Founded,
    /// Meetings held.
    MeetingsHeld,
    /// Meetings planned a year.
    MeetingsPlanned,
    /// Tasks opened.
    TasksOpened,
    /// Planning.
    Planning,
    /// Findings recorded.
    FindingsRecorded,
    /// Steps added.
    StepsAdded,
    /// Steps done.
    StepsDone,
    /// Evaluations recorded.
    EvaluationsRecorded,
    /// Procedures agreed.
    ProceduresAgreed,
    /// From.
    FromDate,
    /// To.
    ToDate,
    /// The change set's title.
    ChangesBetween,
    /// Active actors before and after.
    ActiveBeforeAfter,
    /// The menu: changes.
    ChangesMenu,
    /// No platforms.
    NoPlatformsOfYours,
    /// No meeting planned.
    NoMeetingPlanned,
    /// My platforms.
    MyPlatforms,
    /// The region's table caption.
    RegionSideBySide,
    /// The network column.
    NetworkColumn,
    /// Active actors.
    ActiveActors,
    /// With free capacity.
    WithFreeCapacity,
    /// Need areas covered.
    AreasCovered,
    /// Uncovered cells.
    UncoveredCells,
    /// The menu: the region.
    RegionMenu,
    /// The plans page.
    Plans,
    /// Published.
    Published,
    /// Not published.
    NotPublished,
    /// A step: planned.
    StepPlanned,
    /// A step: in progress.
    StepInProgress,
    /// A step: done.
    StepDone,
    /// A step: dropped.
    StepDropped,
    /// No plans.
    NoPlans,
    /// The plan document.
    PlanDocument,
    /// The plan document as RTF.
    PlanDocumentRtf,
    /// Why it is taken back.
    UnpublishReason,
    /// Take the plan back.
    Unpublish,
    /// Publish the plan.
    PublishPlan,
    /// No steps.
    NoStepsYet,
    /// Who is responsible.
    Responsible,
    /// Why (for dropping or reopening).
    StepReason,
    /// The menu: plan.
    PlanMenu,
    /// Plan steps the platform is responsible for.
    PlanStepsOfPlatform,
    /// A finding: open.
    FindingOpen,
    /// A finding: addressed.
    FindingAddressed,
    /// A finding: resolved.
    FindingResolved,
    /// A finding: set aside.
    FindingSetAside,
    /// No findings.
    NoFindings,
    /// Sources.
    Sources,
    /// Source: a note.
    SourceNote,
    /// Source: an outcome.
    SourceOutcome,
    /// Source: a gap.
    SourceGap,
    /// The steps that answer it.
    AnsweredBySteps,
    /// The findings page.
    Findings,
    /// The fold with the form starting a plan.
    NewPlan,
    /// A plan's title.
    PlanTitle,
    /// A plan's first year.
    PlanFrom,
    /// A plan's last year.
    PlanTo,
    /// Under the years of a plan.
    PlanYearsHint,
    /// The button starting a plan.
    StartPlan,
    /// A year that is not a number.
    YearWanted,
    /// The link to a plan's yearly evaluations.
    YearlyEvaluations,
    /// The link to edit a section and add recommendations.
    EditSectionLink,
    /// The link to add a step to a recommendation.
    AddStepLink,
    /// The link to add a section.
    AddSectionLink,
    /// The fold with a step's status changes.
    StepHistory,
    /// A section's title.
    SectionTitle,
    /// A section's present practice.
    SectionPractice,
    /// Under a section's practice.
    SectionPracticeHint,
    /// The heading of a section's recommendations.
    Recommendations,
    /// No recommendations yet.
    NoRecommendations,
    /// The field of a new recommendation.
    NewRecommendation,
    /// The button adding a recommendation.
    AddRecommendation,
    /// The title of the new-section page.
    NewSection,
    /// No recommendation chosen.
    PickRecommendation,
    /// A date that cannot be read.
    NotADate,
    /// The choice of a step's recommendation.
    Recommendation,
    /// A step's text.
    StepText,
    /// A step's deadline.
    Deadline,
    /// The responsible actors.
    ResponsibleActors,
    /// The responsible platforms.
    ResponsiblePlatforms,
    /// The need areas a step answers.
    NeedAreasAnswered,
    /// The findings a step answers.
    FindingsAnswered,
    /// The button adding a step.
    AddStep,
    /// The title of the new-step page.
    NewStep,
    /// A plan whose first year has not begun.
    PlanNotBegun,
    /// The caption of the year-to-year table.
    YearToYear,
    /// Steps due within the year.
    StepsDue,
    /// Steps done within the year.
    StepsDoneInYear,
    /// Steps done by their deadline.
    StepsOnTime,
    /// Steps dropped within the year.
    StepsDropped,
    /// Steps overdue at the year's end.
    OverdueAtYearEnd,
    /// A year not evaluated.
    NotYetEvaluated,
    /// The heading of what changed in the network that year.
    NetworkThatYear,
    /// Coverage cells gained and lost.
    CellsGainedLost,
    /// Meetings held of planned.
    MeetingsHeldPlanned,
    /// Tasks opened and done.
    TasksOpenedDone,
    /// The summary of a year's evaluation.
    EvaluationSummary,
    /// Under the evaluation's summary.
    EvaluationSummaryHint,
    /// The heading of the steps and their outcomes.
    StepsOfYear,
    /// The button recording an evaluation.
    RecordEvaluation,
    /// The heading of earlier versions.
    EarlierVersions,
    /// A year column.
    Year,
    /// An evaluation of a year.
    Evaluation,
    /// A year's evaluation recorded.
    Recorded,
    /// The menu item of the region's plans.
    RegionPlanMenu,
    /// A procedure owned by the network as a whole.
    TheWholeNetwork,
    /// The procedures page's introduction.
    ProceduresIntro,
    /// No procedures to show.
    NoProcedures,
    /// A withdrawn procedure.
    ProcWithdrawn,
    /// A version's number.
    VersionNumber,
    /// A version in force from a date.
    ProcInForceFrom,
    /// A procedure not yet in force.
    NotYetInForce,
    /// A procedure of a platform.
    PlatformsProcedure,
    /// A procedure of the network.
    NetworksProcedure,
    /// The actors a procedure binds.
    Binds,
    /// The fold with every version.
    AllVersions,
    /// The link to a new version or withdrawal.
    NewVersionOrWithdraw,
    /// The fold and button agreeing a procedure.
    AgreeProcedure,
    /// A procedure's title.
    ProcedureTitle,
    /// A procedure's text.
    ProcedureText,
    /// Under a procedure's text.
    ProcedureTextHint,
    /// Who owns a procedure.
    ProcedureOwner,
    /// The menu item and title of the procedures.
    ProceduresMenu,
    /// The heading of a new version.
    NewVersion,
    /// What a new version changes.
    WhatChanged,
    /// Under what changes.
    WhatChangedHint,
    /// The button agreeing a new version.
    AgreeNewVersion,
    /// The heading and button withdrawing a procedure.
    WithdrawProcedure,
    /// Why a procedure is withdrawn.
    WithdrawReason,
    /// The menu item of the procedures.
    ProceduresShort,
    /// No sources to offer.
    NoSourcesToOffer,
    /// A finding's title.
    FindingTitle,
    /// Under a finding's title.
    FindingTitleHint,
    /// A finding's text.
    FindingText,
    /// The need areas a finding concerns.
    ConcernsAreas,
    /// The target groups a finding concerns.
    ConcernsGroups,
    /// The sources of a finding.
    RestsOn,
    /// The heading of a finding's status.
    FindingStands,
    /// Why a finding is moved on.
    FindingReason,
    /// Under a finding's reason.
    FindingReasonHint,
    /// The link and title editing a finding.
    EditFinding,
    /// The link and title recording a finding.
    NewFinding,
    /// The region's column of meetings held of planned.
    MeetingsHeldOfPlanned,
    /// The region's column of records due for review.
    DueForReviewColumn,
    /// Free places on the public page.
    PublicFreePlaces,
    /// No free places announced.
    NoFreePlaces,
    /// An announcement valid until.
    PublicValidUntil,
    /// The service's capacity is shown to the public.
    CapacityShownToPublic,
    /// The service's capacity is not shown to the public.
    CapacityNotShownToPublic,
    /// The link to change it in the entry.
    ChangeInEntry,
    /// The import page's title.
    ImportTitle,
    /// What the import does.
    ImportIntro,
    /// The link to download the network's workbook.
    ImportDownload,
    /// The file field's label.
    ImportFile,
    /// The "valid rows only" tick box.
    ImportValidOnly,
    /// The dry-run button.
    ImportCheck,
    /// The import button.
    ImportApply,
    /// No file was chosen.
    ImportNoFile,
    /// Refused rows stopped the import.
    ImportRefusedStop,
    /// What was written.
    ImportDone,
    /// The report is a dry run.
    ImportDryRun,
    /// The row column.
    ImportRow,
    /// The outcome column.
    ImportOutcome,
    /// The detail column.
    ImportDetail,
    /// A row creates an actor.
    ImportCreate,
    /// A row changes an actor.
    ImportChange,
    /// A row changes nothing.
    ImportSame,
    /// A row is refused.
    ImportRefused,
    /// Columns not read.
    ImportIgnored,
    /// The totals line's lead.
    ImportTotals,
    /// The menu link to the import.
    ImportMenu,
    /// The count of actors written.
    ImportActors,
    /// The count of changes written.
    ImportCommands,
    /// Sheets an import does not read.
    ImportIgnoredSheets,
    /// The calendar page's title.
    CalendarTitle,
    /// The link to the calendar page.
    CalendarMenu,
    /// What the calendar feed holds.
    CalendarIntro,
    /// Said when a link was made.
    CalendarMade,
    /// The label of the new link's field.
    CalendarLink,
    /// Said under a new link.
    CalendarOnce,
    /// Heading of the links made.
    CalendarLinks,
    /// Said when no link was made.
    CalendarNone,
    /// Heading and label: a link's name.
    CalendarName,
    /// Hint under the name field.
    CalendarNameHint,
    /// Heading: when a link was made.
    CalendarCreated,
    /// Heading: a link's state or its revoke button.
    CalendarState,
    /// A revoked link's state.
    CalendarRevoked,
    /// The revoke button.
    CalendarRevoke,
    /// Heading of the form making a link.
    CalendarNew,
    /// A new link's name unless given.
    CalendarDefaultName,
    /// The button making a link.
    CalendarMake,
    /// Said when the link to revoke is not the person's.
    CalendarUnknown,
    /// Said while an import runs.
    ImportRunning,
    /// Said when the import to follow is not known.
    ImportUnknownJob,
}
