"""The records a page becomes: frozen, slotted, keyword-only attrs classes.

Conventions: sequences are tuples, absent values are ``None``, closed vocabularies are enums
whose values are the registry's API v2 tokens. Each record keeps, in ``raw``, the page text of
any field whose page spelling differs from the canonical spelling of its normalized value
(for example ``{"status": "Active, not recruiting"}`` or an unescaped description), so that a
normalization can always be audited and a page re-rendered faithfully. Line numbers
(``line``) point into the page and do not take part in equality: two records with the same
content are equal wherever their text stood.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs

__all__ = [
    "Age",
    "AgeGroup",
    "AgeUnit",
    "AgencyClass",
    "Allocation",
    "Arm",
    "ArmIntervention",
    "ArmType",
    "Contact",
    "ContactRole",
    "Criterion",
    "DatePrecision",
    "Design",
    "Diagnostic",
    "Eligibility",
    "FacilityContactRole",
    "Identifier",
    "Intervention",
    "InterventionModel",
    "InterventionType",
    "Level",
    "Line",
    "Location",
    "MaskedRole",
    "Masking",
    "ObservationalModel",
    "PageShape",
    "PartialDate",
    "Phase",
    "PrimaryPurpose",
    "RelatedTrial",
    "ResponsibleParty",
    "ResponsiblePartyType",
    "ResultsStatus",
    "Sex",
    "Sponsor",
    "SponsorRole",
    "Status",
    "StudyType",
    "TimePerspective",
    "Trial",
    "age_groups",
]


# --- vocabularies -------------------------------------------------------------------------


class Status(enum.StrEnum):
    """Overall recruitment status, also used for a site's status."""

    RECRUITING = "RECRUITING"
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING"
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION"
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING"
    COMPLETED = "COMPLETED"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"
    WITHDRAWN = "WITHDRAWN"
    UNKNOWN = "UNKNOWN"
    AVAILABLE = "AVAILABLE"
    NO_LONGER_AVAILABLE = "NO_LONGER_AVAILABLE"
    TEMPORARILY_NOT_AVAILABLE = "TEMPORARILY_NOT_AVAILABLE"
    APPROVED_FOR_MARKETING = "APPROVED_FOR_MARKETING"
    WITHHELD = "WITHHELD"


class Phase(enum.StrEnum):
    EARLY_PHASE1 = "EARLY_PHASE1"
    PHASE1 = "PHASE1"
    PHASE2 = "PHASE2"
    PHASE3 = "PHASE3"
    PHASE4 = "PHASE4"
    NA = "NA"


class StudyType(enum.StrEnum):
    INTERVENTIONAL = "INTERVENTIONAL"
    OBSERVATIONAL = "OBSERVATIONAL"
    EXPANDED_ACCESS = "EXPANDED_ACCESS"


class ResultsStatus(enum.StrEnum):
    PENDING = "PENDING"
    AVAILABLE = "AVAILABLE"


class Allocation(enum.StrEnum):
    RANDOMIZED = "RANDOMIZED"
    NON_RANDOMIZED = "NON_RANDOMIZED"
    NA = "NA"


class InterventionModel(enum.StrEnum):
    SINGLE_GROUP = "SINGLE_GROUP"
    PARALLEL = "PARALLEL"
    CROSSOVER = "CROSSOVER"
    FACTORIAL = "FACTORIAL"
    SEQUENTIAL = "SEQUENTIAL"


class PrimaryPurpose(enum.StrEnum):
    TREATMENT = "TREATMENT"
    PREVENTION = "PREVENTION"
    DIAGNOSTIC = "DIAGNOSTIC"
    ECT = "ECT"
    SUPPORTIVE_CARE = "SUPPORTIVE_CARE"
    SCREENING = "SCREENING"
    HEALTH_SERVICES_RESEARCH = "HEALTH_SERVICES_RESEARCH"
    BASIC_SCIENCE = "BASIC_SCIENCE"
    DEVICE_FEASIBILITY = "DEVICE_FEASIBILITY"
    OTHER = "OTHER"


class Masking(enum.StrEnum):
    NONE = "NONE"
    SINGLE = "SINGLE"
    DOUBLE = "DOUBLE"
    TRIPLE = "TRIPLE"
    QUADRUPLE = "QUADRUPLE"


class MaskedRole(enum.StrEnum):
    PARTICIPANT = "PARTICIPANT"
    CARE_PROVIDER = "CARE_PROVIDER"
    INVESTIGATOR = "INVESTIGATOR"
    OUTCOMES_ASSESSOR = "OUTCOMES_ASSESSOR"


class ObservationalModel(enum.StrEnum):
    COHORT = "COHORT"
    CASE_CONTROL = "CASE_CONTROL"
    CASE_ONLY = "CASE_ONLY"
    CASE_CROSSOVER = "CASE_CROSSOVER"
    ECOLOGIC_OR_COMMUNITY = "ECOLOGIC_OR_COMMUNITY"
    FAMILY_BASED = "FAMILY_BASED"
    DEFINED_POPULATION = "DEFINED_POPULATION"
    NATURAL_HISTORY = "NATURAL_HISTORY"
    OTHER = "OTHER"


class TimePerspective(enum.StrEnum):
    PROSPECTIVE = "PROSPECTIVE"
    RETROSPECTIVE = "RETROSPECTIVE"
    CROSS_SECTIONAL = "CROSS_SECTIONAL"
    OTHER = "OTHER"


class ArmType(enum.StrEnum):
    EXPERIMENTAL = "EXPERIMENTAL"
    ACTIVE_COMPARATOR = "ACTIVE_COMPARATOR"
    PLACEBO_COMPARATOR = "PLACEBO_COMPARATOR"
    SHAM_COMPARATOR = "SHAM_COMPARATOR"
    NO_INTERVENTION = "NO_INTERVENTION"
    OTHER = "OTHER"


class InterventionType(enum.StrEnum):
    BEHAVIORAL = "BEHAVIORAL"
    BIOLOGICAL = "BIOLOGICAL"
    COMBINATION_PRODUCT = "COMBINATION_PRODUCT"
    DEVICE = "DEVICE"
    DIAGNOSTIC_TEST = "DIAGNOSTIC_TEST"
    DIETARY_SUPPLEMENT = "DIETARY_SUPPLEMENT"
    DRUG = "DRUG"
    GENETIC = "GENETIC"
    PROCEDURE = "PROCEDURE"
    RADIATION = "RADIATION"
    OTHER = "OTHER"


class Sex(enum.StrEnum):
    ALL = "ALL"
    FEMALE = "FEMALE"
    MALE = "MALE"


class AgeUnit(enum.StrEnum):
    YEARS = "YEARS"
    MONTHS = "MONTHS"
    WEEKS = "WEEKS"
    DAYS = "DAYS"
    HOURS = "HOURS"
    MINUTES = "MINUTES"


class AgeGroup(enum.StrEnum):
    CHILD = "CHILD"
    ADULT = "ADULT"
    OLDER_ADULT = "OLDER_ADULT"


class AgencyClass(enum.StrEnum):
    NIH = "NIH"
    FED = "FED"
    OTHER_GOV = "OTHER_GOV"
    INDIV = "INDIV"
    INDUSTRY = "INDUSTRY"
    NETWORK = "NETWORK"
    AMBIG = "AMBIG"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


class SponsorRole(enum.StrEnum):
    LEAD = "LEAD"
    COLLABORATOR = "COLLABORATOR"


class ResponsiblePartyType(enum.StrEnum):
    SPONSOR = "SPONSOR"
    PRINCIPAL_INVESTIGATOR = "PRINCIPAL_INVESTIGATOR"
    SPONSOR_INVESTIGATOR = "SPONSOR_INVESTIGATOR"


class ContactRole(enum.StrEnum):
    """Role of a central contact (the registry's central-contact and official roles)."""

    CONTACT = "CONTACT"
    PRINCIPAL_INVESTIGATOR = "PRINCIPAL_INVESTIGATOR"
    STUDY_DIRECTOR = "STUDY_DIRECTOR"
    STUDY_CHAIR = "STUDY_CHAIR"
    SUB_INVESTIGATOR = "SUB_INVESTIGATOR"


class FacilityContactRole(enum.StrEnum):
    """Role of a facility contact: the site's first contact is primary, the others backup."""

    PRIMARY = "PRIMARY"
    BACKUP = "BACKUP"


class PageShape(enum.StrEnum):
    """How a page was laid out: the site's labelled, blank-line separated page, or the
    compact single-newline scrape that lost its labels."""

    LABELLED = "LABELLED"
    COMPACT = "COMPACT"


class DatePrecision(enum.IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


class Level(enum.StrEnum):
    """How serious a diagnostic is. ``strict=True`` raises on WARNING and ERROR."""

    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


# --- values -------------------------------------------------------------------------------

_RawMap = Mapping[str, str]


def _show_raw(raw: Mapping[str, str]) -> str:
    return repr(raw) if raw else "{}"


@attrs.frozen(kw_only=True)
class Line:
    """One input line kept as it was, with its 1-based number and the section it stood in
    (position, not content: neither takes part in equality)."""

    number: int = attrs.field(eq=False)
    text: str
    section: str | None = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True, order=True)
class PartialDate:
    """A calendar date of year, month or day precision; ``raw`` is the text it came from.

    A month-only date is not the first of that month: ``day`` is ``None``. Equality and order
    compare the date parts only, not the spelling.
    """

    year: int
    month: int | None = None
    day: int | None = None
    raw: str = attrs.field(default="", eq=False, order=False)

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    def isoformat(self) -> str:
        """``2024``, ``2024-08`` or ``2024-08-09``, by precision."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()


_DAYS_PER_UNIT: dict[AgeUnit, Fraction] = {
    AgeUnit.YEARS: Fraction(1461, 4),  # 365.25: the Julian year, so leap days average out
    AgeUnit.MONTHS: Fraction(1461, 48),  # a twelfth of that year
    AgeUnit.WEEKS: Fraction(7),
    AgeUnit.DAYS: Fraction(1),
    AgeUnit.HOURS: Fraction(1, 24),
    AgeUnit.MINUTES: Fraction(1, 1440),
}


@attrs.frozen(kw_only=True)
class Age:
    """An eligibility age bound such as ``36 Weeks``; conversions are exact fractions."""

    value: int
    unit: AgeUnit
    raw: str = attrs.field(default="", eq=False)

    @property
    def days(self) -> Fraction:
        return self.value * _DAYS_PER_UNIT[self.unit]

    @property
    def years(self) -> Fraction:
        return self.days / _DAYS_PER_UNIT[AgeUnit.YEARS]

    def __str__(self) -> str:
        unit = self.unit.value.capitalize()
        return f"{self.value} {unit[:-1] if self.value == 1 else unit}"


@attrs.frozen(kw_only=True)
class Diagnostic:
    """A defect found in a page: stable ``code``, readable ``message``, 1-based ``line``."""

    code: str
    message: str
    line: int | None = None
    level: Level = Level.WARNING
    section: str | None = None
    field: str | None = None


_GROUP_BOUNDS_YEARS: tuple[tuple[AgeGroup, int, int | None], ...] = (
    (AgeGroup.CHILD, 0, 18),
    (AgeGroup.ADULT, 18, 65),
    (AgeGroup.OLDER_ADULT, 65, None),
)


def age_groups(minimum: Age | None, maximum: Age | None) -> tuple[AgeGroup, ...]:
    """The registry's standard age groups that overlap ``[minimum, maximum]``.

    A group applies when the range reaches into it: CHILD is [0, 18) years, ADULT [18, 65),
    OLDER_ADULT [65, inf). An absent bound means no limit on that side.
    """
    low = minimum.years if minimum is not None else Fraction(0)
    high = maximum.years if maximum is not None else None
    groups = []
    for group, start, end in _GROUP_BOUNDS_YEARS:
        if (end is None or low < end) and (high is None or high >= start):
            groups.append(group)
    return tuple(groups)


# --- parts of a trial ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Design:
    """Study Design section: interventional fields, or observational ones."""

    allocation: Allocation | None = None
    intervention_model: InterventionModel | None = None
    intervention_model_description: str | None = None
    primary_purpose: PrimaryPurpose | None = None
    masking: Masking | None = None
    who_masked: tuple[MaskedRole, ...] = ()
    masking_description: str | None = None
    observational_model: ObservationalModel | None = None
    time_perspective: TimePerspective | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)


@attrs.frozen(kw_only=True)
class ArmIntervention:
    """An intervention as listed under a study group."""

    name: str
    type: InterventionType | None = None
    description: str | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Arm:
    """A study group (arm or cohort) and the interventions it is given."""

    label: str
    type: ArmType | None = None
    description: str | None = None
    interventions: tuple[ArmIntervention, ...] = ()
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Intervention:
    name: str
    type: InterventionType | None = None
    description: str | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Criterion:
    """One inclusion or exclusion item, its numbering or bullet removed.

    ``marker`` is the removed ``1.`` or ``*`` (``None`` for an unmarked line), ``depth`` the
    nesting level from indentation (0 at the margin), ``group`` the sub-heading it falls under.
    """

    text: str
    marker: str | None = None
    depth: int = 0
    group: str | None = None
    raw: str = attrs.field(default="", eq=False, repr=False)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Eligibility:
    """Eligibility criteria: the items, the full criteria text, ages, sex, volunteers."""

    inclusion: tuple[Criterion, ...] = ()
    exclusion: tuple[Criterion, ...] = ()
    criteria_text: str | None = None
    minimum_age: Age | None = None
    maximum_age: Age | None = None
    sex: Sex | None = None
    healthy_volunteers: bool | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)

    @property
    def age_groups(self) -> tuple[AgeGroup, ...]:
        """CHILD (birth-17), ADULT (18-64), OLDER_ADULT (65+) groups overlapping the range."""
        return age_groups(self.minimum_age, self.maximum_age)


@attrs.frozen(kw_only=True)
class Sponsor:
    name: str
    agency_class: AgencyClass | None = None
    role: SponsorRole | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ResponsibleParty:
    """Who answers for the record; the page shows title and affiliation on one line."""

    type: ResponsiblePartyType | None = None
    investigator_name: str | None = None
    investigator_title: str | None = None
    investigator_affiliation: str | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Location:
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    status: Status | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Contact:
    """A central contact (``role`` a ``ContactRole``) or facility contact
    (``role`` a ``FacilityContactRole``)."""

    name: str
    role: ContactRole | FacilityContactRole | None = None
    phone: str | None = None
    phone_ext: str | None = None
    email: str | None = None
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Identifier:
    """Another identifier of the trial; ``type`` is ``None`` where the page shows ``-``."""

    id: str
    type: str | None = None
    source: str | None = None
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class RelatedTrial:
    title: str | None
    nct_id: str | None
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Trial:
    """Everything a trial page says, normalized, plus what could not be placed.

    ``extra_sections`` maps an unknown heading to its lines; ``unparsed`` holds every
    non-blank line that is neither a heading, a helper sentence, nor used by a field;
    ``diagnostics`` lists the defects found; ``page_shape`` says how the page was laid out
    (``None`` for a Trial not read from a page). ``raw`` maps a top-level field to its page text
    where that differs from the canonical spelling of the normalized value. ``extras`` holds,
    for a Trial made by ``from_ctgov``, the study's fields that the Trial does not model.
    """

    nct_id: str | None = None
    title: str | None = None
    last_updated: PartialDate | None = None
    results_status: ResultsStatus | None = None
    status: Status | None = None
    phases: tuple[Phase, ...] = ()
    enrollment: int | None = None
    study_type: StudyType | None = None
    start_date: PartialDate | None = None
    completion_date: PartialDate | None = None
    brief_summary: str | None = None
    detailed_description: str | None = None
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    design: Design | None = None
    arms: tuple[Arm, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    eligibility: Eligibility | None = None
    sponsors: tuple[Sponsor, ...] = ()
    responsible_party: ResponsibleParty | None = None
    locations: tuple[Location, ...] = ()
    countries: tuple[str, ...] = ()
    central_contacts: tuple[Contact, ...] = ()
    facility_contacts: tuple[Contact, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    related_trials: tuple[RelatedTrial, ...] = ()
    extra_sections: Mapping[str, tuple[Line, ...]] = attrs.field(factory=dict)
    extras: Mapping[str, Any] = attrs.field(
        factory=dict, repr=lambda extras: "{...}" if extras else "{}"
    )
    raw: _RawMap = attrs.field(factory=dict, repr=_show_raw)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)
    unparsed: tuple[Line, ...] = ()
    # Provenance, not content (like line numbers): the same trial read from either shape
    # is the same record.
    page_shape: PageShape | None = attrs.field(default=None, eq=False)

    @property
    def lead_sponsor(self) -> Sponsor | None:
        return next((s for s in self.sponsors if s.role is SponsorRole.LEAD), None)

    @property
    def collaborators(self) -> tuple[Sponsor, ...]:
        return tuple(s for s in self.sponsors if s.role is SponsorRole.COLLABORATOR)

    @property
    def age_groups(self) -> tuple[AgeGroup, ...]:
        return self.eligibility.age_groups if self.eligibility else ()

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.ERROR)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: dates as ISO strings of their precision, enums as tokens."""
        # Imported here because export stands after model in the pipeline.
        from ctgov_parse.export import trial_to_dict

        return trial_to_dict(self)
