"""Renderer: a Trial back to page text, from the same heading and label tables the parser
reads (``grammar``) and the records (``model``); it never looks at a source page.

Strategy: each section is a function that returns *items* in page order; an item is a list
of lines. The labelled shape puts a blank line between items; a free-text item that the site
writes directly above the next line (a model or masking description, the criteria text)
is marked ``tight``. The compact shape drops blank lines and the Basic Information labels.
Page spellings (``raw``) are preferred to canonical ones, so escapes and original spellings
survive a round trip.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from ctgov_parse import grammar
from ctgov_parse.model import (
    Age,
    Arm,
    Contact,
    Design,
    Eligibility,
    Intervention,
    Line,
    PageShape,
    PartialDate,
    Trial,
)

__all__ = ["render"]

Shape = Literal["labelled", "compact"]


class _Item:
    """Lines shown together; ``tight`` when the next item follows with no blank line;
    ``label`` for a label (or status line) that the compact shape leaves out."""

    __slots__ = ("label", "lines", "tight")

    def __init__(self, lines: Iterable[str], *, tight: bool = False, label: bool = False) -> None:
        self.lines = list(lines)
        self.tight = tight
        self.label = label


def _token(value: enum.Enum | None, raw: Mapping[str, str], field: str) -> str | None:
    if field in raw:
        return raw[field]
    return None if value is None else grammar.page_spelling(value)


def _text(value: str | None, raw: Mapping[str, str], field: str) -> str | None:
    return raw.get(field, value)


def _date(value: PartialDate | None, raw: Mapping[str, str], field: str) -> str | None:
    if value is None:
        return raw.get(field)
    return value.raw or value.isoformat()


def _age(value: Age | None, raw: Mapping[str, str], field: str) -> str | None:
    if value is None:
        return raw.get(field)
    return value.raw or str(value)


def _labelled(label: str, value: str | None) -> list[_Item]:
    return [] if value is None else [_Item([label], label=True), _Item([value])]


def _paragraphs(text: str | None, *, tight: bool = False) -> list[_Item]:
    return [] if not text else [_Item(text.split("\n"), tight=tight)]


# --- sections --------------------------------------------------------------------------------


def _header(trial: Trial) -> list[_Item]:
    items = []
    if "header" in trial.raw:
        items.append(_Item([trial.raw["header"]]))
    elif trial.title is not None or "title" in trial.raw:
        items.append(_Item([trial.raw.get("title", trial.title or "")]))
    nct_id = trial.raw.get("nct_id", trial.nct_id)
    if nct_id is not None:
        items.append(_Item([grammar.HEADER_NCT_ID + " " + nct_id]))
    updated = _date(trial.last_updated, trial.raw, "last_updated")
    if updated is not None:
        items.append(_Item([grammar.HEADER_LAST_UPDATED + " " + updated]))
    return items


def _study_results(trial: Trial) -> list[_Item] | None:
    if trial.results_status is None or "header" in trial.raw:
        return None
    spec = grammar.SECTION_BY_NAME["study_results"]
    if trial.results_status.value == "AVAILABLE":
        return [
            _Item([grammar.RESULTS_AVAILABLE], label=True),
            _Item([grammar.RESULTS_AVAILABLE_HELPER]),
            _Item([grammar.VIEW_FULL_RESULTS]),
        ]
    return [_Item([grammar.RESULTS_PENDING], label=True), _Item([spec.helper])]


def _basic_information(trial: Trial) -> list[_Item] | None:
    raw = trial.raw
    phases = raw.get("phases") or ("/".join(p.value for p in trial.phases) or None)
    enrollment = raw.get("enrollment")
    if enrollment is None and trial.enrollment is not None:
        enrollment = f"{trial.enrollment} participants"
    values = {
        "status": _token(trial.status, raw, "status"),
        "phases": phases,
        "enrollment": enrollment,
        "study_type": _token(trial.study_type, raw, "study_type"),
        "start_date": _date(trial.start_date, raw, "start_date"),
        "completion_date": _date(trial.completion_date, raw, "completion_date"),
    }
    items = []
    for field, label in grammar.BASIC_LABELS.items():
        items += _labelled(label, values[field])
    return items or None


def _text_section(field: str, *, always: bool) -> Callable[[Trial], list[_Item] | None]:
    def render_text(trial: Trial) -> list[_Item] | None:
        items = _paragraphs(_text(getattr(trial, field), trial.raw, field))
        return items if items or always else None

    return render_text


def _list_section(field: str) -> Callable[[Trial], list[_Item] | None]:
    def render_list(trial: Trial) -> list[_Item] | None:
        if field in trial.raw:
            return [_Item([line]) for line in trial.raw[field].split("\n")]
        values = getattr(trial, field)
        return [_Item([value]) for value in values] or None

    return render_list


def _design(trial: Trial) -> list[_Item] | None:
    design: Design | None = trial.design
    if design is None:
        return None
    raw = design.raw
    items: list[_Item] = []
    for field, label in grammar.DESIGN_LABELS.items():
        value = _labelled(label, _token(getattr(design, field), raw, field))
        items += value
        if not value:
            continue
        if field == "intervention_model":
            text = _text(
                design.intervention_model_description, raw, "intervention_model_description"
            )
            items += _paragraphs(text, tight=True)
        elif field == "masking":
            roles = raw.get("who_masked") or " ".join(
                grammar.page_spelling(role) for role in design.who_masked
            )
            if roles:
                items.append(_Item([roles]))
            items += _paragraphs(
                _text(design.masking_description, raw, "masking_description"), tight=True
            )
    return items


def _intervention_type(kind: str | None) -> _Item:
    # The type line ends an intervention's entry, so it is written even without a value.
    return _Item([grammar.INTERVENTION_TYPE + kind if kind else grammar.INTERVENTION_TYPE.strip()])


def _arm(arm: Arm) -> list[_Item]:
    items = [_Item([_text(arm.label, arm.raw, "label") or ""])]
    items += _paragraphs(_text(arm.description, arm.raw, "description"))
    group_type = _token(arm.type, arm.raw, "type")
    if group_type is not None:
        items.append(_Item([grammar.GROUP_TYPE + group_type]))
    if not arm.interventions:
        items.append(_Item([grammar.NO_INTERVENTIONS]))
    for given in arm.interventions:
        items.append(_Item([_text(given.name, given.raw, "name") or ""]))
        items.append(_intervention_type(_token(given.type, given.raw, "type")))
        items += _paragraphs(_text(given.description, given.raw, "description"))
    return items


def _study_groups(trial: Trial) -> list[_Item] | None:
    return [item for arm in trial.arms for item in _arm(arm)] or None


def _intervention(intervention: Intervention) -> list[_Item]:
    raw = intervention.raw
    items = [_Item([_text(intervention.name, raw, "name") or ""])]
    items += _paragraphs(_text(intervention.description, raw, "description"))
    items.append(_intervention_type(_token(intervention.type, raw, "type")))
    return items


def _interventions(trial: Trial) -> list[_Item] | None:
    return [item for each in trial.interventions for item in _intervention(each)] or None


def _eligibility(trial: Trial) -> list[_Item] | None:
    eligibility: Eligibility | None = trial.eligibility
    if eligibility is None:
        return None
    raw = eligibility.raw
    items = _paragraphs(_text(eligibility.criteria_text, raw, "criteria_text"), tight=True)
    volunteers = None
    if eligibility.healthy_volunteers is not None:
        volunteers = "Yes" if eligibility.healthy_volunteers else "No"
    values = {
        "minimum_age": _age(eligibility.minimum_age, raw, "minimum_age"),
        "maximum_age": _age(eligibility.maximum_age, raw, "maximum_age"),
        "sex": _token(eligibility.sex, raw, "sex"),
        "healthy_volunteers": raw.get("healthy_volunteers", volunteers),
    }
    for field, label in grammar.ELIGIBILITY_LABELS.items():
        items += _labelled(label, values[field])
    return items


def _sponsors(trial: Trial) -> list[_Item] | None:
    items = []
    for sponsor in trial.sponsors:
        items.append(_Item([_text(sponsor.name, sponsor.raw, "name") or ""]))
        agency_class = _token(sponsor.agency_class, sponsor.raw, "agency_class")
        if agency_class is not None:
            items.append(_Item([agency_class]))
        role = _token(sponsor.role, sponsor.raw, "role")
        if role is not None:
            items.append(_Item([grammar.SPONSOR_ROLE + role]))
    return items or None


def _responsible_party(trial: Trial) -> list[_Item] | None:
    party = trial.responsible_party
    if party is None:
        return None
    raw = party.raw
    items = []
    name = _text(party.investigator_name, raw, "investigator_name")
    if name is not None:
        items.append(_Item([name]))
    title_line = raw.get("title_affiliation") or ", ".join(
        part for part in (party.investigator_title, party.investigator_affiliation) if part
    )
    if title_line:
        items.append(_Item([title_line]))
    party_type = _token(party.type, raw, "type")
    if party_type is not None:
        items.append(_Item([grammar.RESPONSIBILITY_ROLE + party_type]))
    return items


def _locations(trial: Trial) -> list[_Item] | None:
    items = []
    for site in trial.locations:
        raw = site.raw
        items.append(_Item([_text(site.facility, raw, "facility") or ""]))
        address = raw.get("address") or ", ".join(
            part for part in (site.city, site.state, site.country) if part
        )
        if address:
            items.append(_Item([address]))
        status = _token(site.status, raw, "status")
        if status is not None:
            items.append(_Item([grammar.SITE_STATUS + status]))
    return items or None


def _contact(contact: Contact) -> list[_Item]:
    raw = contact.raw
    items = [_Item([_text(contact.name, raw, "name") or ""])]
    role = _token(contact.role, raw, "role")
    if role is not None:
        items.append(_Item([grammar.CONTACT_ROLE + role]))
    phone = raw.get("phone") or contact.phone
    if phone and contact.phone_ext and "phone" not in raw:
        phone = f"{phone} ext {contact.phone_ext}"
    if phone:
        items.append(_Item([phone]))
    if contact.email:
        items.append(_Item([contact.email]))
    return items


def _contacts(field: str) -> Callable[[Trial], list[_Item] | None]:
    def render_contacts(trial: Trial) -> list[_Item] | None:
        return [item for contact in getattr(trial, field) for item in _contact(contact)] or None

    return render_contacts


def _identifiers(trial: Trial) -> list[_Item] | None:
    items = []
    for identifier in trial.identifiers:
        items.append(_Item([identifier.id]))
        items.append(
            _Item([grammar.IDENTIFIER_TYPE + (identifier.type or grammar.IDENTIFIER_NO_TYPE)])
        )
        if identifier.source is not None:
            items.append(_Item([grammar.IDENTIFIER_SOURCE + identifier.source]))
    return items or None


def _related_trials(trial: Trial) -> list[_Item] | None:
    items = []
    for related in trial.related_trials:
        items += [_Item([value]) for value in (related.title, related.nct_id) if value]
    return items


_SECTIONS: Mapping[str, Callable[[Trial], list[_Item] | None]] = {
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
    "related_trials": _related_trials,
}


def _extra(heading: str, lines: tuple[Line, ...]) -> list[_Item]:
    return [_Item([heading]), *(_Item([line.text]) for line in lines)]


def _blocks(trial: Trial, shape: Shape) -> list[_Item]:
    stray: dict[str | None, list[_Item]] = {}
    for line in trial.unparsed:  # lines no field took go back where they stood
        stray.setdefault(line.section, []).append(_Item([line.text]))
    items = _header(trial) + stray.pop(grammar.HEADER_SECTION, [])
    results_page = "header" in trial.raw
    compact = shape == "compact"
    for name in grammar.SECTION_ORDER[shape]:
        if results_page and name != "related_trials":
            continue
        content = _SECTIONS[name](trial)
        if name in stray:
            content = [*(content or []), *stray.pop(name)]
        if content is None or (results_page and not content):
            continue
        if compact:
            content = [item for item in content if not item.label]
        spec = grammar.SECTION_BY_NAME[name]
        heading, helper = spec.headings[0], spec.helper
        if compact and name == "related_trials":
            heading, helper = grammar.COMPACT_RELATED_HEADING, grammar.COMPACT_RELATED_HELPER
        if name == "study_results":  # its helper follows the status line
            items += [_Item([heading]), *content]
        else:
            items += [_Item([heading]), _Item([helper]), *content]
    for heading, lines in trial.extra_sections.items():
        items += _extra(heading, lines)
    for rest in stray.values():
        items += rest
    return items


_SHAPES: Mapping[PageShape | None, Shape] = {
    PageShape.LABELLED: "labelled",
    PageShape.COMPACT: "compact",
    None: "labelled",
}


def render(trial: Trial, *, shape: Shape | None = None) -> str:
    """Write ``trial`` as page text in the site's layout.

    ``shape="labelled"`` is the blank-line separated page with every label;
    ``shape="compact"`` is the single-newline scrape: no blank lines, no labels above
    values (Basic Information, Study Design, the eligibility values), no ``Results
    pending`` line, and Related Clinical Trials right after the Brief Summary. By default
    the page is written in the shape it was read from (labelled for a Trial not read from
    a page). The text has no final newline, like the pages the site serves.
    """
    if shape is None:
        shape = _SHAPES[trial.page_shape]
    if shape not in ("labelled", "compact"):
        raise ValueError(f"unknown shape {shape!r}: use 'labelled' or 'compact'")
    lines: list[str] = []
    items = _blocks(trial, shape)
    labelled = shape == "labelled"
    for index, item in enumerate(items):
        lines.extend(item.lines if labelled else (line for line in item.lines if line))
        if labelled and not item.tight and index + 1 < len(items):
            lines.append("")
    return "\n".join(lines)
