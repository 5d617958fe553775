"""The records a trial page becomes: frozen, slotted, keyword-only attrs classes.

Conventions: sequences are tuples, absent values are ``None``, closed vocabularies are enums
whose values are the registry's API v2 tokens. Each record keeps, in ``raw``, the page text of
any field whose page spelling differs from the canonical spelling of its normalized value
(for example ``{"status": "Active, not recruiting"}`` or an unescaped description), so that a
normalization can always be audited and a page re-rendered faithfully. Line numbers
(``line``) point into the page and do not take part in equality: two records with the same
content are equal wherever their text stood.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from ctgov_parse.model.plain import to_plain
from ctgov_parse.model.results import Results
from ctgov_parse.model.values import (
    Age,
    AgeGroup,
    AgencyClass,
    Allocation,
    ArmType,
    ContactRole,
    Diagnostic,
    FacilityContactRole,
    InterventionModel,
    InterventionType,
    Level,
    Line,
    MaskedRole,
    Masking,
    ObservationalModel,
    PageKind,
    PageShape,
    PartialDate,
    Phase,
    PrimaryPurpose,
    RawMap,
    ResponsiblePartyType,
    ResultsStatus,
    Sex,
    SponsorRole,
    Status,
    StudyType,
    TimePerspective,
    age_groups,
    show_raw,
)

__all__ = [
    "Arm",
    "ArmIntervention",
    "Contact",
    "Criterion",
    "Design",
    "Eligibility",
    "Identifier",
    "Intervention",
    "Location",
    "RelatedTrial",
    "ResponsibleParty",
    "Sponsor",
    "Trial",
]


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
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)


@attrs.frozen(kw_only=True)
class ArmIntervention:
    """An intervention as listed under a study group."""

    name: str
    type: InterventionType | None = None
    description: str | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Arm:
    """A study group (arm or cohort) and the interventions it is given."""

    label: str
    type: ArmType | None = None
    description: str | None = None
    interventions: tuple[ArmIntervention, ...] = ()
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Intervention:
    name: str
    type: InterventionType | None = None
    description: str | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
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
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)

    __plain_derived__: ClassVar[tuple[str, ...]] = ("age_groups",)

    @property
    def age_groups(self) -> tuple[AgeGroup, ...]:
        """CHILD (birth-17), ADULT (18-64), OLDER_ADULT (65+) groups overlapping the range."""
        return age_groups(self.minimum_age, self.maximum_age)


@attrs.frozen(kw_only=True)
class Sponsor:
    name: str
    agency_class: AgencyClass | None = None
    role: SponsorRole | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ResponsibleParty:
    """Who answers for the record; the page shows title and affiliation on one line."""

    type: ResponsiblePartyType | None = None
    investigator_name: str | None = None
    investigator_title: str | None = None
    investigator_affiliation: str | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    line: int | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Location:
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    status: Status | None = None
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
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
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
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
    ``diagnostics`` lists the defects found; ``page_kind`` says which page it was read from
    (the trial page or the results page) and ``page_shape`` how that page was laid out
    (both ``None`` for a Trial not read from a page). ``results`` holds what a results page
    says beyond the trial's own fields. ``raw`` maps a top-level field to its page text
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
    results: Results | None = None
    extra_sections: Mapping[str, tuple[Line, ...]] = attrs.field(factory=dict)
    extras: Mapping[str, Any] = attrs.field(
        factory=dict, repr=lambda extras: "{...}" if extras else "{}"
    )
    raw: RawMap = attrs.field(factory=dict, repr=show_raw)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)
    unparsed: tuple[Line, ...] = ()
    # Provenance, not content (like line numbers): the same trial read from either shape
    # is the same record.
    page_shape: PageShape | None = attrs.field(default=None, eq=False)
    page_kind: PageKind | None = attrs.field(default=None, eq=False)

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
        return to_plain(self)  # type: ignore[no-any-return]
