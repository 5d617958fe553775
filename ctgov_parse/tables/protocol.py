"""The trial page's tables (AACT's protocol tables, plus ``criteria`` and ``related_trials``).

Names follow AACT (``../shared/aact-tables.md`` in the development tree) wherever AACT has
the concept; where the page gives less than AACT's column (no zip code, no MeSH terms), the
column is left out rather than always null.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ctgov_parse.model import (
    AgeGroup,
    MaskedRole,
    PageKind,
    PartialDate,
)
from ctgov_parse.tables.schema import (
    Column,
    ColumnType,
    Owner,
    Page,
    Table,
    at,
    at_token,
    column,
    day_of,
    one,
    results_part,
    row_id,
    the_page,
)

__all__ = ["PROTOCOL_TABLES", "dates", "source_columns"]

TEXT, INTEGER, BOOLEAN, DATE = (
    ColumnType.TEXT,
    ColumnType.INTEGER,
    ColumnType.BOOLEAN,
    ColumnType.DATE,
)


def _each(values: Any) -> Iterator[tuple[str, Any]]:
    for index, value in enumerate(values):
        yield str(index), value


def dates(
    text_name: str,
    date_name: str,
    what: str,
    get: Any,
    field: str,
    owner: Owner = Owner.TRIAL,
) -> tuple[Column, Column]:
    """A partial date as two columns: ISO text at the page's precision, and a DATE where the
    page gives the day (a month-only date has no day to invent)."""

    def iso(page: Page, item: Any) -> str | None:
        date: PartialDate | None = get(page, item)
        return None if date is None else date.isoformat()

    return (
        column(
            text_name,
            TEXT,
            f"{what}, ISO at the page's precision: `2024`, `2024-08` or `2024-08-09`",
            iso,
            field,
            owner=owner,
        ),
        column(
            date_name,
            DATE,
            f"{what} as a date, only where the page gives the day",
            lambda page, item: day_of(get(page, item)),
            field,
            owner=owner,
        ),
    )


def source_columns() -> tuple[Column, ...]:
    """Where the page came from (``PageSource``); null for records not read from a file."""
    return (
        column("source_path", TEXT, "file the page was read from", _src("path"), "PageSource.path"),
        column("source_index", INTEGER, "0-based position of the page in the whole input",
               _src("index"), "PageSource.index"),
        column("source_line", INTEGER, "first line of the page in its file", _src("line"),
               "PageSource.line"),
        column("source_offset", INTEGER, "byte offset of the page in its (decompressed) file",
               _src("offset"), "PageSource.offset"),
        column("source_key", TEXT, "for JSON Lines input, the object's url or id", _src("key"),
               "PageSource.key"),
    )  # fmt: skip


def _src(name: str) -> Any:
    return lambda page, item: None if page.source is None else getattr(page.source, name)


def _phase(page: Page, item: Any) -> str | None:
    return "/".join(phase.value for phase in page.trial.phases) or None


STUDIES = Table(
    name="studies",
    page=None,
    one_per_study=True,
    description=(
        "One row per study: the trial page's scalar fields, and the results page's where AACT"
        " keeps them here. Loading either page of a study updates the columns that page owns"
        " and fills the others only while they are empty."
    ),
    items=the_page,
    columns=(
        column("nct_id", TEXT, "the study's NCT number", lambda p, t: p.nct_id, "Trial.nct_id",
               nullable=False),
        column("brief_title", TEXT, "the study's title as the page shows it", at("title"),
               "Trial.title"),
        column("overall_status", TEXT, "recruitment status token (`RECRUITING`, ...)",
               at_token("status"), "Trial.status"),
        column("phase", TEXT, "phase tokens joined by `/` (`PHASE1/PHASE2`); null if none",
               _phase, "Trial.phases"),
        column("enrollment", INTEGER, "total enrollment", at("enrollment"),
               "Trial.enrollment"),
        column("study_type", TEXT, "`INTERVENTIONAL`, `OBSERVATIONAL` or `EXPANDED_ACCESS`",
               at_token("study_type"), "Trial.study_type"),
        column("results_status", TEXT, "what the trial page says of results: `PENDING` or"
               " `AVAILABLE`", at_token("results_status"), "Trial.results_status"),
        *dates("start_month_year", "start_date", "study start", at("start_date"),
               "Trial.start_date"),
        *dates("completion_month_year", "completion_date", "study completion",
               at("completion_date"), "Trial.completion_date"),
        *dates("last_update_posted_month_year", "last_update_posted_date",
               "last update posted", at("last_updated"), "Trial.last_updated"),
        column("page_kind", TEXT, "the page this row was read from (`TRIAL`, `RESULTS`; null for"
               " a record of both pages)", at_token("page_kind"), "Trial.page_kind"),
        column("page_shape", TEXT, "how that page was laid out: `LABELLED` or `COMPACT`",
               at_token("page_shape"), "Trial.page_shape"),
        *source_columns(),
        *dates("results_first_posted_month_year", "results_first_posted_date",
               "results first posted", lambda p, t: results_part(p, "overview", "results_posted"),
               "ResultsOverview.results_posted", owner=Owner.RESULTS),
        column("baseline_population", TEXT, "baseline population description",
               lambda p, t: results_part(p, "baseline", "population_description"),
               "Baseline.population_description", owner=Owner.RESULTS),
        column("baseline_type_units_analyzed", TEXT, "units the baseline was analysed on, when"
               " not participants", lambda p, t: results_part(p, "baseline", "type_units_analyzed"),
               "Baseline.type_units_analyzed", owner=Owner.RESULTS),
        column("limitations_and_caveats", TEXT, "More Information: limitations and caveats",
               lambda p, t: results_part(p, "more_info", "limitations_and_caveats"),
               "MoreInfo.limitations_and_caveats", owner=Owner.RESULTS),
    ),
)  # fmt: skip


def _text_table(name: str, field: str, what: str) -> Table:
    return Table(
        name=name,
        page=PageKind.TRIAL,
        description=f"The {what}, one row per study that has one.",
        items=one(lambda page: page.trial if getattr(page.trial, field) is not None else None),
        columns=(
            column("description", TEXT, f"the {what}", lambda p, t: getattr(t, field),
                   f"Trial.{field}"),
        ),
    )  # fmt: skip


def _names(name: str, field: str, what: str) -> Table:
    return Table(
        name=name,
        page=PageKind.TRIAL,
        description=f"One row per {what}, in page order.",
        items=lambda page: _each(getattr(page.trial, field)),
        columns=(
            column("name", TEXT, f"the {what} as the page writes it", at(None),
                   f"Trial.{field}"),
            column("downcase_name", TEXT, "the name in lower case", lambda p, x: x.lower(),
                   f"Trial.{field}"),
        ),
    )  # fmt: skip


def _masked(role: MaskedRole) -> Any:
    # Only what the page says: null where it names no masked roles at all.
    return lambda p, d: (role in d.who_masked) if d.who_masked else None


DESIGNS = Table(
    name="designs",
    page=PageKind.TRIAL,
    description="The Study Design section, one row per study that has one.",
    items=one(lambda page: page.trial.design),
    columns=(
        column("allocation", TEXT, "allocation token", at_token("allocation"),
               "Design.allocation"),
        column("intervention_model", TEXT, "intervention model token",
               at_token("intervention_model"), "Design.intervention_model"),
        column("observational_model", TEXT, "observational model token",
               at_token("observational_model"), "Design.observational_model"),
        column("primary_purpose", TEXT, "primary purpose token",
               at_token("primary_purpose"), "Design.primary_purpose"),
        column("time_perspective", TEXT, "time perspective token",
               at_token("time_perspective"), "Design.time_perspective"),
        column("masking", TEXT, "masking token (`NONE`, `SINGLE`, ...)",
               at_token("masking"), "Design.masking"),
        column("masking_description", TEXT, "masking description",
               at("masking_description"), "Design.masking_description"),
        column("intervention_model_description", TEXT, "intervention model description",
               at("intervention_model_description"),
               "Design.intervention_model_description"),
        column("subject_masked", BOOLEAN, "participants masked (null: no roles named)",
               _masked(MaskedRole.PARTICIPANT), "Design.who_masked"),
        column("caregiver_masked", BOOLEAN, "care providers masked",
               _masked(MaskedRole.CARE_PROVIDER), "Design.who_masked"),
        column("investigator_masked", BOOLEAN, "investigators masked",
               _masked(MaskedRole.INVESTIGATOR), "Design.who_masked"),
        column("outcomes_assessor_masked", BOOLEAN, "outcomes assessors masked",
               _masked(MaskedRole.OUTCOMES_ASSESSOR), "Design.who_masked"),
    ),
)  # fmt: skip

DESIGN_GROUPS = Table(
    name="design_groups",
    page=PageKind.TRIAL,
    description="The study groups (arms or cohorts), in page order.",
    items=lambda page: _each(page.trial.arms),
    columns=(
        column("group_type", TEXT, "arm type token (`EXPERIMENTAL`, ...)",
               at_token("type"), "Arm.type"),
        column("title", TEXT, "the group's label", at("label"), "Arm.label"),
        column("description", TEXT, "the group's description", at("description"),
               "Arm.description"),
    ),
)  # fmt: skip

INTERVENTIONS = Table(
    name="interventions",
    page=PageKind.TRIAL,
    description="The Interventions section, in page order.",
    items=lambda page: _each(page.trial.interventions),
    columns=(
        column("intervention_type", TEXT, "intervention type token (`DRUG`, ...)",
               at_token("type"), "Intervention.type"),
        column("name", TEXT, "the intervention's name", at("name"), "Intervention.name"),
        column("description", TEXT, "its description", at("description"),
               "Intervention.description"),
    ),
)  # fmt: skip


def _arm_interventions(page: Page) -> Iterator[tuple[str, Any]]:
    by_name: dict[str, int] = {}
    for index, intervention in enumerate(page.trial.interventions):
        by_name.setdefault(intervention.name, index)
    ids: dict[int, int] = {}  # an intervention named under many groups: hashed once
    for arm_index, arm in enumerate(page.trial.arms):
        arm_id = row_id(page.nct_id, "design_groups", str(arm_index))
        for index, given in enumerate(arm.interventions):
            found = by_name.get(given.name)
            intervention_id = None
            if found is not None:
                intervention_id = ids.get(found)
                if intervention_id is None:
                    intervention_id = ids[found] = row_id(page.nct_id, "interventions", str(found))
            yield f"{arm_index}.{index}", (arm_id, intervention_id, given)


DESIGN_GROUP_INTERVENTIONS = Table(
    name="design_group_interventions",
    page=PageKind.TRIAL,
    description=(
        "Which group is given which intervention: one row per intervention listed under a"
        " study group, with the intervention as the group lists it."
    ),
    items=_arm_interventions,
    columns=(
        column("design_group_id", INTEGER, "`design_groups.id` of the group",
               at(None, 0), nullable=False),
        column("intervention_id", INTEGER, "`interventions.id` of the intervention of that name"
               " (null when the Interventions section has none of that name)", at(None, 1)),
        column("intervention_type", TEXT, "the type the group lists", at_token("type", 2),
               "ArmIntervention.type"),
        column("name", TEXT, "the name the group lists", at("name", 2),
               "ArmIntervention.name"),
        column("description", TEXT, "the description the group lists",
               at("description", 2), "ArmIntervention.description"),
    ),
)  # fmt: skip


def _age_text(age: Any) -> str | None:
    return None if age is None else str(age)


def _in_group(name: str) -> Any:
    group = AgeGroup(name)
    return lambda p, e: group in e.age_groups


ELIGIBILITIES = Table(
    name="eligibilities",
    page=PageKind.TRIAL,
    description="Eligibility: sex, ages, healthy volunteers, the criteria text, age groups.",
    items=one(lambda page: page.trial.eligibility),
    columns=(
        column("gender", TEXT, "`ALL`, `FEMALE` or `MALE`", at_token("sex"),
               "Eligibility.sex"),
        column("minimum_age", TEXT, "minimum age as written canonically (`18 Years`); null: no"
               " lower bound", lambda p, e: _age_text(e.minimum_age), "Eligibility.minimum_age"),
        column("maximum_age", TEXT, "maximum age (`65 Years`); null: no upper bound",
               lambda p, e: _age_text(e.maximum_age), "Eligibility.maximum_age"),
        column("healthy_volunteers", BOOLEAN, "accepts healthy volunteers",
               at("healthy_volunteers"), "Eligibility.healthy_volunteers"),
        column("criteria", TEXT, "the whole criteria text", at("criteria_text"),
               "Eligibility.criteria_text"),
        column("adult", BOOLEAN, "the age range reaches 18-64 years", _in_group("ADULT")),
        column("child", BOOLEAN, "the age range reaches below 18 years", _in_group("CHILD")),
        column("older_adult", BOOLEAN, "the age range reaches 65 years or more",
               _in_group("OLDER_ADULT")),
    ),
)  # fmt: skip


def _criteria(page: Page) -> Iterator[tuple[str, Any]]:
    eligibility = page.trial.eligibility
    if eligibility is None:
        return
    for kind, items in (("INCLUSION", eligibility.inclusion), ("EXCLUSION", eligibility.exclusion)):
        for index, criterion in enumerate(items):
            yield f"{kind[0]}{index}", (kind, index, criterion)


CRITERIA = Table(
    name="criteria",
    page=PageKind.TRIAL,
    aact=False,
    description=(
        "One row per eligibility criterion (AACT has only the whole text): inclusion items"
        " first, then exclusion items, each in page order."
    ),
    items=_criteria,
    columns=(
        column("criterion_type", TEXT, "`INCLUSION` or `EXCLUSION`", at(None, 0)),
        column("criterion_ordinal", INTEGER, "0-based position among the criteria of its type",
               at(None, 1)),
        column("marker", TEXT, "the removed numbering or bullet (`1.`, `*`); null: unmarked",
               at("marker", 2), "Criterion.marker"),
        column("depth", INTEGER, "nesting level from indentation, 0 at the margin",
               at("depth", 2), "Criterion.depth", nullable=False),
        column("sub_heading", TEXT, "the sub-heading the item falls under",
               at("group", 2), "Criterion.group"),
        column("text", TEXT, "the criterion's text", at("text", 2),
               "Criterion.text", nullable=False),
    ),
)  # fmt: skip

SPONSORS = Table(
    name="sponsors",
    page=PageKind.TRIAL,
    description="The lead sponsor and the collaborators, in page order.",
    items=lambda page: _each(page.trial.sponsors),
    columns=(
        column("agency_class", TEXT, "agency class token (`INDUSTRY`, `NIH`, ...)",
               at_token("agency_class"), "Sponsor.agency_class"),
        column("lead_or_collaborator", TEXT, "`LEAD` or `COLLABORATOR`",
               at_token("role"), "Sponsor.role"),
        column("name", TEXT, "the sponsor's name", at("name"), "Sponsor.name"),
    ),
)  # fmt: skip


RESPONSIBLE_PARTIES = Table(
    name="responsible_parties",
    page=PageKind.TRIAL,
    description="Who answers for the record.",
    items=one(lambda page: page.trial.responsible_party),
    columns=(
        column("responsible_party_type", TEXT, "`SPONSOR`, `PRINCIPAL_INVESTIGATOR` or"
               " `SPONSOR_INVESTIGATOR`", at_token("type"), "ResponsibleParty.type"),
        column("name", TEXT, "the investigator's name", at("investigator_name"),
               "ResponsibleParty.investigator_name"),
        column("title", TEXT, "the investigator's title", at("investigator_title"),
               "ResponsibleParty.investigator_title"),
        column("affiliation", TEXT, "the investigator's affiliation",
               at("investigator_affiliation"),
               "ResponsibleParty.investigator_affiliation"),
    ),
)  # fmt: skip

FACILITIES = Table(
    name="facilities",
    page=PageKind.TRIAL,
    description="The Locations section: one row per site, in page order.",
    items=lambda page: _each(page.trial.locations),
    columns=(
        column("status", TEXT, "the site's recruitment status token",
               at_token("status"), "Location.status"),
        column("name", TEXT, "the facility's name", at("facility"), "Location.facility"),
        column("city", TEXT, "city", at("city"), "Location.city"),
        column("state", TEXT, "state or region", at("state"), "Location.state"),
        column("country", TEXT, "country", at("country"), "Location.country"),
    ),
)  # fmt: skip


def _contacts(role_column: str, role_help: str) -> tuple[Column, ...]:
    return (
        column(role_column, TEXT, role_help, at_token("role"), "Contact.role"),
        column("name", TEXT, "the contact's name (with degree, as written)", at("name"),
               "Contact.name"),
        column("email", TEXT, "email", at("email"), "Contact.email"),
        column("phone", TEXT, "phone number", at("phone"), "Contact.phone"),
        column("phone_extension", TEXT, "phone extension", at("phone_ext"),
               "Contact.phone_ext"),
    )  # fmt: skip


FACILITY_CONTACTS = Table(
    name="facility_contacts",
    page=PageKind.TRIAL,
    description=(
        "The Facility Contacts section, in page order. The page lists them apart from the"
        " sites and does not say which site each belongs to, so AACT's `facility_id` is left out."
    ),
    items=lambda page: _each(page.trial.facility_contacts),
    columns=_contacts("contact_type", "`PRIMARY` (a site's first contact) or `BACKUP`"),
)  # fmt: skip

CENTRAL_CONTACTS = Table(
    name="central_contacts",
    page=PageKind.TRIAL,
    description=(
        "The Central Contacts section, in page order; its officials (principal investigator,"
        " study director, chair) are here too, told apart by `role`."
    ),
    items=lambda page: _each(page.trial.central_contacts),
    columns=_contacts("role", "`CONTACT`, `PRINCIPAL_INVESTIGATOR`, `STUDY_DIRECTOR`,"
                      " `STUDY_CHAIR` or `SUB_INVESTIGATOR`"),
)  # fmt: skip

COUNTRIES = Table(
    name="countries",
    page=PageKind.TRIAL,
    description="The countries the page lists, in page order.",
    items=lambda page: _each(page.trial.countries),
    columns=(column("name", TEXT, "country name", at(None), "Trial.countries"),),
)

ID_INFORMATION = Table(
    name="id_information",
    page=PageKind.TRIAL,
    description="Other identifiers of the study, in page order.",
    items=lambda page: _each(page.trial.identifiers),
    columns=(
        column("id_source", TEXT, "who issued it", at("source"), "Identifier.source"),
        column("id_value", TEXT, "the identifier", at("id"), "Identifier.id"),
        column("id_type", TEXT, "its type (null where the page shows `-`)", at("type"),
               "Identifier.type"),
    ),
)  # fmt: skip

RELATED_TRIALS = Table(
    name="related_trials",
    page=PageKind.TRIAL,
    aact=False,
    description="The Related Clinical Trials section, in page order.",
    items=lambda page: _each(page.trial.related_trials),
    columns=(
        column("title", TEXT, "the related trial's title", at("title"),
               "RelatedTrial.title"),
        column("related_nct_id", TEXT, "its NCT number", at("nct_id"),
               "RelatedTrial.nct_id"),
    ),
)  # fmt: skip

PROTOCOL_TABLES: tuple[Table, ...] = (
    STUDIES,
    _text_table("brief_summaries", "brief_summary", "brief summary"),
    _text_table("detailed_descriptions", "detailed_description", "detailed description"),
    _names("conditions", "conditions", "condition"),
    _names("keywords", "keywords", "keyword"),
    DESIGNS,
    DESIGN_GROUPS,
    INTERVENTIONS,
    DESIGN_GROUP_INTERVENTIONS,
    ELIGIBILITIES,
    CRITERIA,
    SPONSORS,
    RESPONSIBLE_PARTIES,
    FACILITIES,
    FACILITY_CONTACTS,
    CENTRAL_CONTACTS,
    COUNTRIES,
    ID_INFORMATION,
    RELATED_TRIALS,
)
