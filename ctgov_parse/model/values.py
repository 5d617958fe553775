"""Vocabularies and values: the enums of the registry's closed vocabularies, dates of
partial precision, eligibility ages, page lines and diagnostics.

Enum values are the registry's API v2 tokens. Equality ignores positions (line numbers)
and page spellings (``raw``): two values with the same content are equal wherever their
text stood.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from fractions import Fraction
from typing import ClassVar

import attrs

__all__ = [
    "Age",
    "AgeGroup",
    "AgeUnit",
    "AgencyClass",
    "Allocation",
    "ArmType",
    "ContactRole",
    "DatePrecision",
    "Diagnostic",
    "FacilityContactRole",
    "InterventionModel",
    "InterventionType",
    "Level",
    "Line",
    "MaskedRole",
    "Masking",
    "ObservationalModel",
    "PageKind",
    "PageShape",
    "PartialDate",
    "Phase",
    "PrimaryPurpose",
    "RawMap",
    "ResponsiblePartyType",
    "ResultsStatus",
    "Sex",
    "SponsorRole",
    "Status",
    "StudyType",
    "TimePerspective",
    "age_groups",
    "show_raw",
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


class PageKind(enum.StrEnum):
    """Which page of a study a record was read from: the trial page or its results page;
    ``UNSUPPORTED`` for a page that is not this site's (only its NCT id is read)."""

    TRIAL = "TRIAL"
    RESULTS = "RESULTS"
    UNSUPPORTED = "UNSUPPORTED"


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

RawMap = Mapping[str, str]
"""A record's page spellings: field name -> page text, where it differs from the canonical
spelling of the normalized value."""


def show_raw(raw: Mapping[str, str]) -> str:
    """How ``raw`` shows in a record's repr (short when empty)."""
    return repr(raw) if raw else "{}"


@attrs.frozen(kw_only=True)
class Line:
    """One input line kept as it was, with its 1-based number, the section it stood in and,
    after a merge, the page (position, not content: none takes part in equality)."""

    number: int = attrs.field(eq=False)
    text: str
    section: str | None = attrs.field(default=None, eq=False)
    page: PageKind | None = attrs.field(default=None, eq=False)


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
    """A defect found in a page: stable ``code``, readable ``message``, 1-based ``line``;
    ``page`` says which page of a merged record it was found in. A ``diagnostics-capped``
    diagnostic stands for ``count`` diagnostics of one code that were not listed."""

    code: str
    message: str
    line: int | None = None
    level: Level = Level.WARNING
    section: str | None = None
    field: str | None = None
    page: PageKind | None = None
    count: int | None = None

    # Plain data keeps a diagnostic's line: it is the diagnostic's point, not a position.
    __plain_keeps_line__: ClassVar[bool] = True
    __plain_omit_none__: ClassVar[tuple[str, ...]] = ("count",)


_GROUP_BOUNDS_YEARS: tuple[tuple[AgeGroup, int, int | None], ...] = (
    (AgeGroup.CHILD, 0, 18),
    (AgeGroup.ADULT, 18, 65),
    (AgeGroup.OLDER_ADULT, 65, None),
)


@functools.lru_cache(maxsize=4096)  # a few bounds (18 Years, 65 Years...) recur everywhere
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
