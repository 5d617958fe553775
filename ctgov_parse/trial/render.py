"""The trial page's renderer: a Trial back to its trial page's items, from the same heading
and label tables its extractors read (``trial.grammar``) and the records (``model``); it
never looks at a source page.

Strategy: each section is a function that returns *items* in page order (``layout``); a
free-text item that the site writes directly above the next line (a model or masking
description, the criteria text) is marked ``tight``, and labels are marked so that the
compact shape can leave them out. Page spellings (``raw``) are preferred to canonical
ones, so escapes and original spellings survive a round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ctgov_parse.grammar import page_spelling
from ctgov_parse.model import (
    Arm,
    Contact,
    Design,
    Eligibility,
    Intervention,
    PageKind,
    RawMap,
    Trial,
)
from ctgov_parse.page.fields import Field, field_text
from ctgov_parse.page.layout import (
    Item,
    Shape,
    labelled,
    page_items,
    paragraphs,
    related_trial_items,
    text,
    title_text,
    token,
)
from ctgov_parse.trial import grammar
from ctgov_parse.trial.fields import BASIC_INFORMATION, DESIGN, ELIGIBILITY

__all__ = ["SECTION_RENDERERS", "trial_page"]

# --- sections --------------------------------------------------------------------------------


def _study_results(trial: Trial) -> list[Item] | None:
    if trial.results_status is None:
        return None
    spec = grammar.SECTION_BY_NAME["study_results"]
    if trial.results_status.value == "AVAILABLE":
        return [
            Item([grammar.RESULTS_AVAILABLE], label=True),
            Item([grammar.RESULTS_AVAILABLE_HELPER]),
            Item([grammar.VIEW_FULL_RESULTS]),
        ]
    return [Item([grammar.RESULTS_PENDING], label=True), Item([spec.helper])]


def _labelled_fields(record: object, fields: tuple[Field, ...], raw: RawMap) -> list[Item]:
    """Each declared field's label and page text, in page order (a field without a value is
    left out)."""
    items = []
    for field in fields:
        items += labelled(field.label, field_text(field, getattr(record, field.name), raw))
    return items


def _basic_information(trial: Trial) -> list[Item] | None:
    return _labelled_fields(trial, BASIC_INFORMATION, trial.raw) or None


def _text_section(field: str, *, always: bool) -> Callable[[Trial], list[Item] | None]:
    def render_text(trial: Trial) -> list[Item] | None:
        items = paragraphs(text(getattr(trial, field), trial.raw, field))
        return items if items or always else None

    return render_text


def _list_section(field: str) -> Callable[[Trial], list[Item] | None]:
    def render_list(trial: Trial) -> list[Item] | None:
        if field in trial.raw:
            return [Item([line]) for line in trial.raw[field].split("\n")]
        values = getattr(trial, field)
        return [Item([value]) for value in values] or None

    return render_list


def _design(trial: Trial) -> list[Item] | None:
    design: Design | None = trial.design
    if design is None:
        return None
    raw = design.raw
    items: list[Item] = []
    for field in DESIGN:
        value = _labelled_fields(design, (field,), raw)
        items += value
        if not value:
            continue
        if field.name == "intervention_model":
            description = text(
                design.intervention_model_description, raw, "intervention_model_description"
            )
            items += paragraphs(description, tight=True)
        elif field.name == "masking":
            roles = raw.get("who_masked") or " ".join(
                page_spelling(role) for role in design.who_masked
            )
            if roles:
                items.append(Item([roles]))
            items += paragraphs(
                text(design.masking_description, raw, "masking_description"), tight=True
            )
    return items


def _intervention_type(kind: str | None) -> Item:
    # The type line ends an intervention's entry, so it is written even without a value.
    return Item([grammar.INTERVENTION_TYPE + kind if kind else grammar.INTERVENTION_TYPE.strip()])


def _arm(arm: Arm) -> list[Item]:
    items = [Item([text(arm.label, arm.raw, "label") or ""])]
    items += paragraphs(text(arm.description, arm.raw, "description"))
    group_type = token(arm.type, arm.raw, "type")
    if group_type is not None:
        items.append(Item([grammar.GROUP_TYPE + group_type]))
    if not arm.interventions:
        items.append(Item([grammar.NO_INTERVENTIONS]))
    for given in arm.interventions:
        items.append(Item([text(given.name, given.raw, "name") or ""]))
        items.append(_intervention_type(token(given.type, given.raw, "type")))
        items += paragraphs(text(given.description, given.raw, "description"))
    return items


def _study_groups(trial: Trial) -> list[Item] | None:
    return [item for arm in trial.arms for item in _arm(arm)] or None


def _intervention(intervention: Intervention) -> list[Item]:
    raw = intervention.raw
    items = [Item([text(intervention.name, raw, "name") or ""])]
    items += paragraphs(text(intervention.description, raw, "description"))
    items.append(_intervention_type(token(intervention.type, raw, "type")))
    return items


def _interventions(trial: Trial) -> list[Item] | None:
    return [item for each in trial.interventions for item in _intervention(each)] or None


def _eligibility(trial: Trial) -> list[Item] | None:
    eligibility: Eligibility | None = trial.eligibility
    if eligibility is None:
        return None
    raw = eligibility.raw
    items = paragraphs(text(eligibility.criteria_text, raw, "criteria_text"), tight=True)
    return items + _labelled_fields(eligibility, ELIGIBILITY, raw)


def _sponsors(trial: Trial) -> list[Item] | None:
    items = []
    for sponsor in trial.sponsors:
        items.append(Item([text(sponsor.name, sponsor.raw, "name") or ""]))
        agency_class = token(sponsor.agency_class, sponsor.raw, "agency_class")
        if agency_class is not None:
            items.append(Item([agency_class]))
        role = token(sponsor.role, sponsor.raw, "role")
        if role is not None:
            items.append(Item([grammar.SPONSOR_ROLE + role]))
    return items or None


def _responsible_party(trial: Trial) -> list[Item] | None:
    party = trial.responsible_party
    if party is None:
        return None
    raw = party.raw
    items = []
    name = text(party.investigator_name, raw, "investigator_name")
    if name is not None:
        items.append(Item([name]))
    title_line = raw.get("title_affiliation") or ", ".join(
        part for part in (party.investigator_title, party.investigator_affiliation) if part
    )
    if title_line:
        items.append(Item([title_line]))
    party_type = token(party.type, raw, "type")
    if party_type is not None:
        items.append(Item([grammar.RESPONSIBILITY_ROLE + party_type]))
    return items


def _locations(trial: Trial) -> list[Item] | None:
    items = []
    for site in trial.locations:
        raw = site.raw
        items.append(Item([text(site.facility, raw, "facility") or ""]))
        address = raw.get("address") or ", ".join(
            part for part in (site.city, site.state, site.country) if part
        )
        if address:
            items.append(Item([address]))
        status = token(site.status, raw, "status")
        if status is not None:
            items.append(Item([grammar.SITE_STATUS + status]))
    return items or None


def _contact(contact: Contact) -> list[Item]:
    raw = contact.raw
    items = [Item([text(contact.name, raw, "name") or ""])]
    role = token(contact.role, raw, "role")
    if role is not None:
        items.append(Item([grammar.CONTACT_ROLE + role]))
    phone = raw.get("phone") or contact.phone
    if phone and contact.phone_ext and "phone" not in raw:
        phone = f"{phone} ext {contact.phone_ext}"
    if phone:
        items.append(Item([phone]))
    if contact.email:
        items.append(Item([contact.email]))
    return items


def _contacts(field: str) -> Callable[[Trial], list[Item] | None]:
    def render_contacts(trial: Trial) -> list[Item] | None:
        return [item for contact in getattr(trial, field) for item in _contact(contact)] or None

    return render_contacts


def _identifiers(trial: Trial) -> list[Item] | None:
    items = []
    for identifier in trial.identifiers:
        items.append(Item([identifier.id]))
        items.append(
            Item([grammar.IDENTIFIER_TYPE + (identifier.type or grammar.IDENTIFIER_NO_TYPE)])
        )
        if identifier.source is not None:
            items.append(Item([grammar.IDENTIFIER_SOURCE + identifier.source]))
    return items or None


# Each section's content (without its heading and helper), by section name: what the
# section's extractor reads, written back.
SECTION_RENDERERS: Mapping[str, Callable[[Trial], list[Item] | None]] = {
    "study_results": _study_results,
    "basic_information": _basic_information,
    "brief_summary": _text_section("brief_summary", always=True),
    "detailed_description": _text_section("detailed_description", always=True),
    "conditions": _list_section("conditions"),
    "keywords": _list_section("keywords"),
    "study_design": _design,
    "study_groups": _study_groups,
    "interventions": _interventions,
    "eligibility": _eligibility,
    "sponsors": _sponsors,
    "responsible_party": _responsible_party,
    "locations": _locations,
    "countries": _list_section("countries"),
    "central_contacts": _contacts("central_contacts"),
    "facility_contacts": _contacts("facility_contacts"),
    "other_identifiers": _identifiers,
    "related_trials": related_trial_items,
}


def trial_page(
    trial: Trial, shape: Shape, table: str | None = None, measures: str | None = None
) -> list[Item]:
    """The items of ``trial``'s trial page in ``shape`` (a trial page has no tables:
    ``table`` and ``measures`` are for the results page's renderer and change nothing
    here)."""
    return page_items(
        trial, PageKind.TRIAL, title_text(trial), lambda stray: _sections(trial, shape, stray)
    )


def _sections(trial: Trial, shape: Shape, stray: dict[str | None, list[Item]]) -> list[Item]:
    """The page's sections in the shape's order, each with the lines no field took that
    stood in it."""
    items: list[Item] = []
    compact = shape == "compact"
    for name in grammar.SECTION_ORDER[shape]:
        content = SECTION_RENDERERS[name](trial)
        if name in stray:
            content = [*(content or []), *stray.pop(name)]
        if content is None:
            continue
        spec = grammar.SECTION_BY_NAME[name]
        heading, helper = spec.headings[0], spec.helper
        if compact and name == "related_trials":
            heading, helper = grammar.COMPACT_RELATED_HEADING, grammar.COMPACT_RELATED_HELPER
        if name == "study_results":  # its helper follows the status line
            items += [Item([heading]), *content]
        else:
            items += [Item([heading]), Item([helper]), *content]
    return items
