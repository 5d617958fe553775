"""Hypothesis strategies that build realistic Trials in normalized form.

A generated Trial is what ``parse`` would make of a page: texts are unescaped with their
escaped page spelling in ``raw``, items are in page order, and only values the page format
can carry are generated. What it cannot carry, and so is not generated:

- a line of free text that is itself page grammar (a heading, a label, a helper sentence):
  free text here starts with a lower-case word;
- an investigator title containing ``, `` (the page joins title and affiliation with it);
- a state without a city (``State, Country`` reads as ``City, Country``);
- a design description without the value it describes, masked roles without masking.
"""

from __future__ import annotations

import string

import attrs
from hypothesis import strategies as st

from ctgov_parse import grammar as value_grammar
from ctgov_parse.model import (
    AdverseEvent,
    AdverseEventGroup,
    AdverseEvents,
    Age,
    AgencyClass,
    AgeUnit,
    Allocation,
    AnalysisDispersionType,
    Arm,
    ArmIntervention,
    ArmType,
    AssessmentType,
    Baseline,
    BaselineMeasure,
    ConfidenceSides,
    Contact,
    ContactRole,
    Denominator,
    Design,
    DispersionType,
    DropWithdraw,
    Eligibility,
    EventStat,
    FacilityContactRole,
    FlowPeriod,
    GroupCount,
    Identifier,
    Intervention,
    InterventionModel,
    InterventionType,
    Line,
    Location,
    MaskedRole,
    Masking,
    MeasureCategory,
    MeasureClass,
    Measurement,
    Milestone,
    MoreInfo,
    NonInferiorityType,
    ObservationalModel,
    OutcomeMeasure,
    OutcomeType,
    ParamType,
    PartialDate,
    ParticipantFlow,
    Phase,
    PrimaryPurpose,
    RelatedTrial,
    ReportingStatus,
    ResponsibleParty,
    ResponsiblePartyType,
    RestrictionType,
    ResultGroup,
    Results,
    ResultsOverview,
    ResultsStatus,
    Sex,
    Sponsor,
    SponsorRole,
    StatisticalAnalysis,
    Status,
    StudyType,
    TimePerspective,
    Trial,
)
from ctgov_parse.normalize import split_criteria, unescape_markdown
from ctgov_parse.results import grammar as grammar_results
from ctgov_parse.trial import grammar

_LEAD_WORDS = ["the", "participants", "weekly", "açaí", "über", "patients", "dose", "mg", "each"]
_LETTERS = string.ascii_letters + "éüøåİıçñß±≥≤°®µ–"
_ESCAPES = ["\\^", "\\*", "\\<", "\\>", "\\[", "\\]", "\\&", "\\~", "\\-", "\\_"]

word = st.text(alphabet=_LETTERS + string.digits, min_size=1, max_size=10)
escaped_word = st.tuples(word, st.sampled_from(_ESCAPES), word).map("".join)
plain_word = st.one_of(word, word, word, escaped_word)


@st.composite
def page_line(draw: st.DrawFn, *, max_words: int = 8) -> str:
    """One line of free text as the page writes it (escapes included)."""
    first = draw(st.sampled_from(_LEAD_WORDS))
    rest = draw(st.lists(plain_word, max_size=max_words))
    end = draw(st.sampled_from(["", ".", ";", ")"]))
    return " ".join([first, *rest]) + end


@st.composite
def sentence_line(draw: st.DrawFn) -> str:
    """A line that reads as prose (ends with a full stop), never as a label."""
    return draw(page_line()).rstrip(".;)") + "."


@st.composite
def page_text(draw: st.DrawFn, *, line: st.SearchStrategy[str] | None = None) -> str:
    """Paragraphs separated by blank lines, as the page writes them."""
    paragraphs = draw(st.lists(page_line() if line is None else line, min_size=1, max_size=3))
    return "\n\n".join(paragraphs)


def split_raw(raw: dict[str, str], field: str, page: str) -> str:
    """The normalized value of ``page``; its page spelling goes into ``raw`` if different."""
    value = unescape_markdown(page)
    if value != page:
        raw[field] = page
    return value


@st.composite
def optional_text(draw: st.DrawFn, raw: dict[str, str], field: str, **kwargs: object) -> str | None:
    if not draw(st.booleans()):
        return None
    return split_raw(raw, field, draw(page_text(**kwargs)))  # type: ignore[arg-type]


nct_ids = st.integers(0, 99_999_999).map(lambda n: f"NCT{n:08d}")


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1990, 2040))
    precision = draw(st.integers(1, 3))
    month = draw(st.integers(1, 12)) if precision > 1 else None
    day = draw(st.integers(1, 28)) if precision > 2 else None
    return PartialDate(year=year, month=month, day=day)


ages = st.builds(
    lambda value, unit: Age(value=value, unit=unit),
    st.integers(0, 120),
    st.sampled_from(list(AgeUnit)),
)
phases = st.one_of(
    st.just((Phase.NA,)),
    st.lists(
        st.sampled_from([p for p in Phase if p is not Phase.NA]),
        min_size=1,
        max_size=2,
        unique=True,
    ).map(tuple),
)


@st.composite
def single_lines(draw: st.DrawFn, raw: dict[str, str], field: str) -> str:
    return split_raw(raw, field, draw(page_line(max_words=5)))


@st.composite
def designs(draw: st.DrawFn, study_type: StudyType | None) -> Design | None:
    """A design that fits the study type: observational fields only for an observational
    study (a page read without labels tells the two lists apart by the study type)."""
    raw: dict[str, str] = {}
    if study_type is StudyType.OBSERVATIONAL:
        return Design(
            observational_model=draw(st.sampled_from(list(ObservationalModel))),
            time_perspective=draw(st.none() | st.sampled_from(list(TimePerspective))),
        )
    if not draw(st.integers(0, 5)):
        return None
    model = draw(st.none() | st.sampled_from(list(InterventionModel)))
    masking = draw(st.none() | st.sampled_from(list(Masking)))
    model_description = (
        draw(optional_text(raw, "intervention_model_description", line=sentence_line()))
        if model
        else None
    )
    who_masked: tuple[MaskedRole, ...] = ()
    masking_description = None
    if masking is not None:
        who_masked = tuple(
            draw(st.lists(st.sampled_from(list(MaskedRole)), max_size=4, unique=True))
        )
        masking_description = draw(optional_text(raw, "masking_description", line=sentence_line()))
    design = Design(
        allocation=draw(st.none() | st.sampled_from(list(Allocation))),
        intervention_model=model,
        intervention_model_description=model_description,
        primary_purpose=draw(st.none() | st.sampled_from(list(PrimaryPurpose))),
        masking=masking,
        who_masked=who_masked,
        masking_description=masking_description,
        raw=raw,
    )
    return None if design == Design() else design


@st.composite
def interventions(draw: st.DrawFn) -> tuple[Intervention, ...]:
    count = draw(st.integers(0, 4))
    names = draw(
        st.lists(
            page_line(max_words=3), min_size=count, max_size=count, unique_by=unescape_markdown
        )
    )
    result = []
    for name_page in names:
        raw: dict[str, str] = {}
        result.append(
            Intervention(
                name=split_raw(raw, "name", name_page),
                type=draw(st.none() | st.sampled_from(list(InterventionType))),
                description=draw(optional_text(raw, "description")),
                raw=raw,
            )
        )
    return tuple(result)


@st.composite
def arms(draw: st.DrawFn, given: tuple[Intervention, ...]) -> tuple[Arm, ...]:
    result = []
    for _ in range(draw(st.integers(0, 4))):
        raw: dict[str, str] = {}
        label = draw(single_lines(raw, "label"))
        chosen = (
            draw(st.lists(st.sampled_from(given), unique_by=lambda i: i.name, max_size=3))
            if given
            else []
        )
        result.append(
            Arm(
                label=label,
                type=draw(st.none() | st.sampled_from(list(ArmType))),
                description=draw(optional_text(raw, "description")),
                interventions=tuple(
                    ArmIntervention(name=i.name, type=i.type, description=i.description, raw=i.raw)
                    for i in chosen
                ),
                raw=raw,
            )
        )
    return tuple(result)


@st.composite
def eligibilities(draw: st.DrawFn) -> Eligibility | None:
    if not draw(st.integers(0, 6)):
        return None
    raw: dict[str, str] = {}
    blocks = []
    for heading in (value_grammar.INCLUSION_HEADING, value_grammar.EXCLUSION_HEADING):
        items = draw(st.lists(page_line(), min_size=1, max_size=6))
        marker = draw(st.sampled_from(["*", "-", "1."]))
        lines = [
            f"{index}. {item}" if marker == "1." else f"{marker} {item}"
            for index, item in enumerate(items, start=1)
        ]
        blocks.append(heading + draw(st.sampled_from(["", ":"])) + "\n\n" + "\n".join(lines))
    page = "\n\n".join(blocks)
    inclusion, exclusion = split_criteria(list(enumerate(page.split("\n"), start=1)))
    minimum = draw(st.none() | ages)
    maximum = draw(st.none() | ages)
    return Eligibility(
        inclusion=inclusion,
        exclusion=exclusion,
        criteria_text=split_raw(raw, "criteria_text", page),
        minimum_age=minimum,
        maximum_age=maximum,
        sex=draw(st.none() | st.sampled_from(list(Sex))),
        healthy_volunteers=draw(st.none() | st.booleans()),
        raw=raw,
    )


@st.composite
def sponsors(draw: st.DrawFn) -> tuple[Sponsor, ...]:
    result = []
    roles = [SponsorRole.LEAD] + [SponsorRole.COLLABORATOR] * draw(st.integers(0, 3))
    for index, role in enumerate(roles[: draw(st.integers(0, len(roles)))]):
        raw: dict[str, str] = {}
        # A collaborator may lack its role line (and class) while the lead has its own:
        # with every role line gone, the page's order would give the roles instead.
        lost = index > 0 and draw(st.integers(0, 5)) == 0
        result.append(
            Sponsor(
                name=draw(single_lines(raw, "name")),
                agency_class=None if lost else draw(st.sampled_from(list(AgencyClass))),
                role=None if lost else role,
                raw=raw,
            )
        )
    return tuple(result)


@st.composite
def responsible_parties(draw: st.DrawFn) -> ResponsibleParty | None:
    kind = draw(st.none() | st.sampled_from(list(ResponsiblePartyType)))
    if kind is None:
        return None
    if kind is ResponsiblePartyType.SPONSOR:
        return ResponsibleParty(type=kind)
    raw: dict[str, str] = {}
    title = draw(st.sampled_from(["Professor", "Associate Professor of Medicine", "MD", "Chief"]))
    affiliation = draw(
        st.sampled_from(["University of Oslo", "Hôpital Necker, Paris", "Mayo Clinic"])
    )
    return ResponsibleParty(
        type=kind,
        investigator_name=draw(single_lines(raw, "investigator_name")),
        investigator_title=title,
        investigator_affiliation=affiliation,
        raw=raw,
    )


_GRAMMAR_LINES = frozenset(grammar.SECTION_BY_HEADING) | {grammar.NO_INTERVENTIONS}
place = (
    st.text(alphabet=_LETTERS + " ", min_size=1, max_size=15)
    .map(lambda text: " ".join(text.split()))  # a page value has single spaces
    .filter(lambda text: text and text not in _GRAMMAR_LINES)
)


@st.composite
def locations(draw: st.DrawFn) -> tuple[Location, ...]:
    result = []
    for _ in range(draw(st.integers(0, 5))):
        raw: dict[str, str] = {}
        city = draw(st.none() | place)
        result.append(
            Location(
                facility=draw(single_lines(raw, "facility")),
                city=city,
                state=draw(st.none() | place) if city else None,
                country=draw(place),
                status=draw(st.none() | st.sampled_from(list(Status))),
                raw=raw,
            )
        )
    return tuple(result)


phones = st.from_regex(r"\+?[1-9][0-9]{1,3}[ -][0-9]{3,4}[ -][0-9]{3,5}", fullmatch=True)
emails = st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}@example\.(org|com|br)", fullmatch=True)


@st.composite
def contacts(
    draw: st.DrawFn, roles: list[ContactRole] | list[FacilityContactRole]
) -> tuple[Contact, ...]:
    result = []
    # A contact without a role line cannot stand among contacts with one (its name would
    # read as a detail of the contact above): either every contact has a role or none has.
    with_roles = draw(st.integers(0, 4)) > 0
    for _ in range(draw(st.integers(0, 3))):
        raw: dict[str, str] = {}
        phone = draw(st.none() | phones)
        result.append(
            Contact(
                name=draw(single_lines(raw, "name")),
                role=draw(st.sampled_from(roles)) if with_roles else None,
                phone=phone,
                phone_ext=draw(st.none() | st.integers(1, 9999).map(str)) if phone else None,
                email=draw(st.none() | emails),
                raw=raw,
            )
        )
    return tuple(result)


@st.composite
def facility_contacts(draw: st.DrawFn) -> tuple[Contact, ...]:
    """Runs of a site's contacts, as the page lists them: each run opens with ``primary``."""
    result: list[Contact] = []
    for _ in range(draw(st.integers(0, 3))):
        run = draw(contacts([FacilityContactRole.BACKUP]))
        result += [
            attrs.evolve(
                contact,
                role=FacilityContactRole.BACKUP if index else FacilityContactRole.PRIMARY,
            )
            for index, contact in enumerate(run)
        ]
    if draw(st.integers(0, 4)) == 0:  # a scrape that lost every role line
        result = [attrs.evolve(contact, role=None) for contact in result]
    return tuple(result)


identifiers = st.lists(
    st.builds(
        lambda ident, kind, source: Identifier(id=ident, type=kind, source=source),
        st.from_regex(r"[a-z0-9][A-Za-z0-9\-/ ]{0,15}[A-Za-z0-9]", fullmatch=True),
        st.none() | st.sampled_from(["NIH", "REGISTRY", "OTHER", "CTIS", "EUDRACT_NUMBER"]),
        st.sampled_from(["org_study_id", "secondary_id"]),
    ),
    max_size=3,
).map(tuple)

related_trials = st.lists(
    st.builds(
        lambda title, nct: RelatedTrial(title=title, nct_id=nct), page_line(max_words=6), nct_ids
    ),
    max_size=3,
).map(tuple)


@st.composite
def extra_sections(draw: st.DrawFn) -> dict[str, tuple[Line, ...]]:
    if draw(st.integers(0, 4)):
        return {}
    heading = draw(st.sampled_from(["Outcome Measures", "Study Officials", "Publications"]))
    helper = "Review the details of this study that the site lists here."
    lines = [helper, *draw(st.lists(page_line(), min_size=0, max_size=3))]
    return {heading: tuple(Line(number=0, text=text) for text in lines)}


@st.composite
def list_field(draw: st.DrawFn, raw: dict[str, str], field: str) -> tuple[str, ...]:
    pages = draw(st.lists(page_line(max_words=4), max_size=4))
    values = tuple(unescape_markdown(page) for page in pages)
    if list(values) != pages:
        raw[field] = "\n".join(pages)
    return values


@st.composite
def trials(draw: st.DrawFn) -> Trial:
    raw: dict[str, str] = {}
    given = draw(interventions())
    study_type = draw(st.none() | st.sampled_from(list(StudyType)))
    return Trial(
        nct_id=draw(nct_ids),
        title=draw(single_lines(raw, "title")),
        last_updated=draw(st.none() | partial_dates()),
        results_status=draw(st.none() | st.sampled_from(list(ResultsStatus))),
        status=draw(st.none() | st.sampled_from(list(Status))),
        phases=draw(st.just(()) | phases),
        enrollment=draw(st.none() | st.integers(0, 300_000)),
        study_type=study_type,
        start_date=draw(st.none() | partial_dates()),
        completion_date=draw(st.none() | partial_dates()),
        brief_summary=draw(optional_text(raw, "brief_summary")),
        detailed_description=draw(optional_text(raw, "detailed_description")),
        conditions=draw(list_field(raw, "conditions")),
        keywords=draw(list_field(raw, "keywords")),
        design=draw(designs(study_type)),
        arms=draw(arms(given)),
        interventions=given,
        eligibility=draw(eligibilities()),
        sponsors=draw(sponsors()),
        responsible_party=draw(responsible_parties()),
        locations=draw(locations()),
        countries=draw(list_field(raw, "countries")),
        central_contacts=draw(contacts(list(ContactRole))),
        facility_contacts=draw(facility_contacts()),
        identifiers=draw(identifiers),
        related_trials=draw(related_trials),
        extra_sections=draw(extra_sections()),
        raw=raw,
    )


# --- results pages ------------------------------------------------------------------------------
#
# What a results page carries, and so what is generated: one-line titles that do not end in
# a full stop or a colon (a colon marks a class title), descriptions that read as a sentence
# (a short title-like description next to a group without one could be either), one line of
# recruitment details and one of pre-assignment details (the page tells them apart only by
# paragraph), unique period titles with STARTED first, classes titled when a measure has
# several, categories titled when a class has several.

title_line = page_line(max_words=4).map(lambda text: text.rstrip(".;):") or "the")
_COUNT = st.integers(0, 999).map(str)
_VALUE = st.one_of(
    st.decimals(min_value=-999, max_value=9999, places=2, allow_nan=False).map(str),
    st.integers(0, 500).map(str),
    st.just("NA"),
)


@st.composite
def result_groups(draw: st.DrawFn, prefix: str, titles: list[str]) -> tuple[ResultGroup, ...]:
    groups = []
    for index, title_page in enumerate(titles):
        raw: dict[str, str] = {}
        title = split_raw(raw, "title", title_page)
        description = None
        if draw(st.booleans()):
            description = split_raw(
                raw, "description", draw(sentence_line()).rstrip(".") + " dose."
            )
        groups.append(
            ResultGroup(id=f"{prefix}{index:03d}", title=title, description=description, raw=raw)
        )
    return tuple(groups)


def _counts(
    draw: st.DrawFn, groups: tuple[ResultGroup, ...], *, all_groups: bool, comments: bool = False
) -> tuple[GroupCount, ...]:
    return tuple(
        GroupCount(
            group_id=group.id,
            value=draw(_COUNT),
            comment=draw(_flow_comments) if comments else None,
        )
        for group in groups
        if all_groups or draw(st.integers(0, 5))
    )


# A flow comment now and then (a milestone's, a reason's, a count's).
_flow_comments = st.one_of(st.none(), st.none(), st.none(), page_line(max_words=5))


@st.composite
def participant_flows(draw: st.DrawFn, titles: list[str]) -> ParticipantFlow:
    groups = draw(result_groups("FG", titles))
    period_titles = draw(st.lists(title_line, min_size=1, max_size=2, unique=True))
    customs = st.lists(title_line.filter(lambda t: t not in ("STARTED",)), max_size=2)
    periods = []
    with_reasons = draw(st.booleans())
    for title in period_titles:
        types = [
            "STARTED",
            *draw(st.sampled_from([[], ["COMPLETED"], ["COMPLETED", "NOT COMPLETED"]])),
        ]
        types += draw(customs)
        milestones = tuple(
            Milestone(
                type=kind,
                comment=draw(_flow_comments),
                counts=_counts(draw, groups, all_groups=False, comments=True),
            )
            for kind in dict.fromkeys(types)
        )
        reasons: tuple[DropWithdraw, ...] = ()
        if with_reasons:
            kinds = draw(st.lists(title_line, min_size=1, max_size=3, unique=True))
            reasons = tuple(
                DropWithdraw(
                    type=kind,
                    comment=draw(_flow_comments),
                    counts=_counts(draw, groups, all_groups=False, comments=True),
                )
                for kind in kinds
            )
        periods.append(FlowPeriod(title=title, milestones=milestones, drop_withdraws=reasons))
    raw: dict[str, str] = {}
    recruitment = pre_assignment = None
    if draw(st.booleans()):
        recruitment = split_raw(raw, "recruitment_details", draw(sentence_line()))
        if draw(st.booleans()):
            pre_assignment = split_raw(raw, "pre_assignment_details", draw(sentence_line()))
    return ParticipantFlow(
        recruitment_details=recruitment,
        pre_assignment_details=pre_assignment,
        groups=groups,
        periods=tuple(periods),
        raw=raw,
    )


_SPREADS = [DispersionType.STANDARD_DEVIATION, DispersionType.STANDARD_ERROR]
_LIMITS = [
    DispersionType.FULL_RANGE,
    DispersionType.INTER_QUARTILE_RANGE,
    DispersionType.CONFIDENCE_95,
]


@st.composite
def measurements(
    draw: st.DrawFn, group: ResultGroup, dispersion: DispersionType | None
) -> Measurement | None:
    if not draw(st.integers(0, 6)):
        return None  # the group has no value here
    value = draw(st.none() | _VALUE)
    spread = lower = upper = None
    if value is not None and dispersion in _SPREADS:
        spread = draw(st.none() | _VALUE)
    if value is not None and dispersion in _LIMITS:
        lower, upper = draw(_VALUE), draw(st.none() | _VALUE)
    comment = draw(st.none() | page_line(max_words=5).map(lambda text: text.rstrip(".;)")))
    if value is None and comment is None:
        comment = "not collected"
    return Measurement(
        group_id=group.id,
        value=value,
        spread=spread,
        lower_limit=lower,
        upper_limit=upper,
        comment=comment,
    )


_UNITS = st.sampled_from(["years", "Participants", "mg/dL", "units on a scale", "kg/m^2"])


def _measure_classes(
    draw: st.DrawFn, groups: tuple[ResultGroup, ...], dispersion: DispersionType | None
) -> tuple[MeasureClass, ...]:
    class_count = draw(st.integers(1, 3))
    classes = []
    for _ in range(class_count):
        category_count = draw(st.integers(0 if class_count > 1 else 1, 3))
        denominators: tuple[Denominator, ...] = ()
        if draw(st.booleans()) or category_count == 0:
            denominators = (
                Denominator(units="Participants", counts=_counts(draw, groups, all_groups=True)),
            )
        categories = []
        titles = draw(
            st.lists(title_line, min_size=category_count, max_size=category_count, unique=True)
        )
        for title in titles:
            found = [draw(measurements(group, dispersion)) for group in groups]
            if all(m is None for m in found):  # a category has a value for some group
                found[0] = Measurement(group_id=groups[0].id, value=draw(_VALUE))
            categories.append(
                MeasureCategory(
                    title=title if category_count > 1 or draw(st.booleans()) else None,
                    measurements=tuple(m for m in found if m is not None),
                )
            )
        classes.append(
            MeasureClass(
                title=draw(title_line) if class_count > 1 or draw(st.booleans()) else None,
                denominators=denominators,
                categories=tuple(categories),
            )
        )
    return tuple(classes)


@st.composite
def baseline_measures(draw: st.DrawFn, groups: tuple[ResultGroup, ...]) -> BaselineMeasure:
    raw: dict[str, str] = {}
    dispersion = draw(st.none() | st.sampled_from(_SPREADS + _LIMITS))
    unit = draw(_UNITS)
    classes = _measure_classes(draw, groups, dispersion)
    return BaselineMeasure(
        title=split_raw(raw, "title", draw(title_line)),
        description=split_raw(raw, "description", draw(sentence_line()))
        if draw(st.booleans())
        else None,
        population_description=None,
        param_type=draw(st.sampled_from(list(ParamType))),
        dispersion_type=dispersion,
        unit_of_measure=unit,
        classes=classes,
        raw=raw,
    )


@st.composite
def baselines(draw: st.DrawFn, titles: list[str]) -> Baseline:
    total = draw(st.booleans())
    groups = draw(result_groups("BG", [*titles, *(["Total"] if total else [])]))
    raw: dict[str, str] = {}
    population = draw(
        st.none() | sentence_line().map(lambda text: split_raw(raw, "population_description", text))
    )
    return Baseline(
        population_description=population,
        groups=groups,
        denominators=(
            Denominator(units="Participants", counts=_counts(draw, groups, all_groups=True)),
        ),
        measures=tuple(draw(st.lists(baseline_measures(groups), min_size=1, max_size=3))),
        raw=raw,
    )


def _sentence(raw: dict[str, str], field: str) -> st.SearchStrategy[str | None]:
    return st.none() | sentence_line().map(lambda text: split_raw(raw, field, text))


def _title(raw: dict[str, str], field: str) -> st.SearchStrategy[str | None]:
    return st.none() | title_line.map(lambda text: split_raw(raw, field, text))


_P_VALUES = st.sampled_from(["<0.001", "0.04", "0.512", "NA"])


@st.composite
def statistical_analyses(draw: st.DrawFn, groups: tuple[ResultGroup, ...]) -> StatisticalAnalysis:
    raw: dict[str, str] = {}
    ids = draw(st.lists(st.sampled_from([g.id for g in groups]), unique=True, max_size=3))
    return StatisticalAnalysis(
        group_ids=tuple(sorted(ids)),
        group_description=draw(_sentence(raw, "group_description")),
        tested_non_inferiority=draw(st.none() | st.booleans()),
        non_inferiority_type=draw(st.none() | st.sampled_from(list(NonInferiorityType))),
        non_inferiority_comment=draw(_sentence(raw, "non_inferiority_comment")),
        p_value=draw(st.none() | _P_VALUES),
        p_value_comment=draw(_sentence(raw, "p_value_comment")),
        statistical_method=draw(_title(raw, "statistical_method")),
        statistical_comment=draw(_sentence(raw, "statistical_comment")),
        param_type=draw(_title(raw, "param_type")),
        param_value=draw(st.none() | _VALUE),
        ci_percent=draw(st.none() | st.sampled_from(["90", "95", "97.5"])),
        ci_sides=draw(st.none() | st.sampled_from(list(ConfidenceSides))),
        ci_lower_limit=draw(st.none() | _VALUE),
        ci_upper_limit=draw(st.none() | _VALUE),
        ci_lower_limit_comment=draw(_sentence(raw, "ci_lower_limit_comment")),
        ci_upper_limit_comment=draw(_sentence(raw, "ci_upper_limit_comment")),
        dispersion_type=draw(st.none() | st.sampled_from(list(AnalysisDispersionType))),
        dispersion_value=draw(st.none() | _VALUE),
        estimate_comment=draw(_sentence(raw, "estimate_comment")),
        other_analysis_description=draw(_sentence(raw, "other_analysis_description")),
        raw=raw,
    )


@st.composite
def outcome_measures(draw: st.DrawFn, titles: list[str]) -> OutcomeMeasure:
    raw: dict[str, str] = {}
    posted = draw(st.booleans())
    groups: tuple[ResultGroup, ...] = ()
    classes: tuple[MeasureClass, ...] = ()
    denominators: tuple[Denominator, ...] = ()
    dispersion = None
    if posted:
        groups = draw(result_groups("OG", titles))
        dispersion = draw(st.none() | st.sampled_from(_SPREADS + _LIMITS))
        denominators = (
            Denominator(units="Participants", counts=_counts(draw, groups, all_groups=True)),
        )
        classes = _measure_classes(draw, groups, dispersion)
    return OutcomeMeasure(
        type=draw(st.sampled_from(list(OutcomeType))),
        title=split_raw(raw, "title", draw(title_line)),
        description=draw(_sentence(raw, "description")),
        population_description=draw(_sentence(raw, "population_description")),
        reporting_status=ReportingStatus.POSTED if posted else ReportingStatus.NOT_POSTED,
        anticipated_posting_date=None if posted else draw(st.none() | st.just("2027-03")),
        param_type=draw(st.sampled_from(list(ParamType))) if posted else None,
        dispersion_type=dispersion,
        unit_of_measure=draw(_UNITS) if posted else None,
        time_frame=draw(
            st.none() | page_line(max_words=4).map(lambda t: split_raw(raw, "time_frame", t))
        ),
        type_units_analyzed=draw(st.none() | st.just("Eyes")),
        groups=groups,
        denominators=denominators,
        classes=classes,
        analyses=tuple(draw(st.lists(statistical_analyses(groups), max_size=2))) if posted else (),
        raw=raw,
    )


_TOTAL = st.none() | st.integers(0, 400)


@st.composite
def adverse_events(draw: st.DrawFn, titles: list[str]) -> AdverseEvents:
    raw: dict[str, str] = {}
    groups = []
    for group in draw(result_groups("EG", titles)):
        totals = {
            field: draw(_TOTAL)
            for _, affected, at_risk in grammar_results.EVENT_TOTALS
            for field in (affected, at_risk)
        }
        groups.append(
            AdverseEventGroup(
                id=group.id,
                title=group.title,
                description=group.description,
                raw=group.raw,
                **totals,
            )
        )
    if not any(  # the groups table has a row when some group has a total
        getattr(group, field) is not None
        for group in groups
        for _, affected, at_risk in grammar_results.EVENT_TOTALS
        for field in (affected, at_risk)
    ):
        groups[0] = attrs.evolve(groups[0], serious_affected=0, serious_at_risk=10)

    def events() -> tuple[AdverseEvent, ...]:
        found = []
        for term in draw(st.lists(title_line, max_size=3, unique=True)):
            event_raw: dict[str, str] = {}
            stats = tuple(
                EventStat(
                    group_id=group.id,
                    affected=draw(st.integers(0, 50)),
                    at_risk=draw(st.integers(50, 400)),
                    events=draw(st.none() | st.integers(0, 90)),
                )
                for group in groups
                if draw(st.integers(0, 4))
            )
            found.append(
                AdverseEvent(
                    term=split_raw(event_raw, "term", term),
                    organ_system=draw(st.sampled_from(["Cardiac disorders", "Eye disorders"])),
                    source_vocabulary=draw(st.none() | st.just("MedDRA 25.0")),
                    assessment_type=draw(st.none() | st.sampled_from(list(AssessmentType))),
                    notes=draw(_sentence(event_raw, "notes")),
                    stats=stats,
                    raw=event_raw,
                )
            )
        return tuple(found)

    return AdverseEvents(
        frequency_threshold=draw(st.none() | st.sampled_from(["0", "5"])),
        time_frame=draw(
            st.none() | page_line(max_words=4).map(lambda t: split_raw(raw, "time_frame", t))
        ),
        description=draw(_sentence(raw, "description")),
        all_cause_mortality_comment=draw(_sentence(raw, "all_cause_mortality_comment")),
        groups=tuple(groups),
        serious_events=events(),
        other_events=events(),
        raw=raw,
    )


@st.composite
def more_infos(draw: st.DrawFn) -> MoreInfo:
    raw: dict[str, str] = {}
    phone = draw(st.none() | st.sampled_from(["555-0100", "+45 70 12 34 56"]))
    info = MoreInfo(
        limitations_and_caveats=draw(_sentence(raw, "limitations_and_caveats")),
        pi_sponsor_employee=draw(st.none() | st.booleans()),
        restrictive_agreement=draw(st.none() | st.booleans()),
        restriction_type=draw(st.none() | st.sampled_from(list(RestrictionType))),
        other_details=draw(_sentence(raw, "other_details")),
        contact_title=draw(_title(raw, "contact_title")),
        contact_organization=draw(_title(raw, "contact_organization")),
        contact_email=draw(st.none() | st.just("results@example.org")),
        contact_phone=phone,
        contact_phone_ext=draw(st.none() | st.just("204")) if phone else None,
        raw=raw,
    )
    if info == MoreInfo():  # a section with nothing in it is not on the page
        info = MoreInfo(restrictive_agreement=False)
    return info


@st.composite
def results_trials(draw: st.DrawFn) -> Trial:
    """A Trial as its results page gives it: the header, the overview and the results."""
    raw: dict[str, str] = {}
    titles = draw(st.lists(title_line, min_size=1, max_size=3, unique=True))
    overview_raw: dict[str, str] = {}
    description = time_frame = None
    if draw(st.booleans()):  # one paragraph: in the compact shape every line is one
        description = split_raw(overview_raw, "primary_outcome_description", draw(sentence_line()))
    if draw(st.booleans()):
        time_frame = split_raw(
            overview_raw, "primary_outcome_time_frame", draw(page_line(max_words=4))
        )
    overview = ResultsOverview(
        primary_outcome_description=description,
        primary_outcome_time_frame=time_frame,
        results_posted=draw(st.none() | partial_dates()),
        raw=overview_raw,
    )
    flow = draw(st.none() | participant_flows(titles))
    baseline = draw(baselines(titles))  # the registry posts no results without a baseline
    outcomes = tuple(draw(st.lists(outcome_measures(titles), max_size=3)))
    adverse = draw(st.none() | adverse_events(titles))
    info = draw(st.none() | more_infos())
    return Trial(
        nct_id=draw(nct_ids),
        title=draw(single_lines(raw, "title")),
        last_updated=draw(st.none() | partial_dates()),
        results_status=ResultsStatus.AVAILABLE,
        status=draw(st.sampled_from(list(Status))),
        phases=draw(st.just(()) | phases),
        enrollment=draw(st.none() | st.integers(0, 300_000)),
        results=Results(
            overview=overview,
            participant_flow=flow,
            baseline=baseline,
            outcome_measures=outcomes,
            adverse_events=adverse,
            more_info=info,
        ),
        raw=raw,
    )
