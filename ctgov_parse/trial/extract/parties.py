"""Sponsors, Responsible Party, Central Contacts and Facility Contacts."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from ctgov_parse import grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import (
    AgencyClass,
    Contact,
    ContactRole,
    FacilityContactRole,
    ResponsiblePartyType,
    SponsorRole,
    new,
)
from ctgov_parse.normalize import normalize_token, split_phone, unescape_markdown
from ctgov_parse.page.read import (
    Context,
    after_prefix,
    blocks_opened_before,
    note_raw,
    plain_text,
    read_token,
    stripped_nonblank,
)
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.trial import grammar as trial_grammar


class _SponsorDraft:
    __slots__ = ("agency_class", "class_line", "line", "name", "raw", "role", "role_seen")

    def __init__(self, line: int, name: str) -> None:
        self.line = line
        self.raw: dict[str, str] = {}
        self.name = plain_text(self.raw, "name", name)
        self.agency_class: AgencyClass | None = None
        self.class_line: int | None = None
        self.role: SponsorRole | None = None
        self.role_seen = False


def _agency_class(text: str) -> AgencyClass | None:
    member = AgencyClass._value2member_map_.get(text)
    if member is not None:
        return member  # type: ignore[return-value]
    try:
        return normalize_token(AgencyClass, text) if len(text) <= 20 else None
    except NormalizeError:
        return None


def extract_sponsors(section: Section, ctx: Context) -> None:
    """Per organization: name, class token, ``Sponsor Role lead|collaborator``.

    An organization opens at a line that is neither its class nor its role, so entries
    stay apart when a scrape lost their role lines; when every role line is gone, the site's
    order gives the roles (the lead sponsor comes first).
    """
    drafts: list[_SponsorDraft] = []
    lines = stripped_nonblank(section.lines)
    for index, (number, text) in enumerate(lines):
        current = drafts[-1] if drafts else None
        role_text = after_prefix(text, trial_grammar.SPONSOR_ROLE)
        if role_text is not None:
            if current is None or current.role_seen:
                ctx.keep([(number, text)])  # a role with no organization above it
                continue
            current.role_seen = True
            current.role = read_token(ctx, current.raw, "role", SponsorRole, number, role_text)
            continue
        if current is not None and not current.role_seen and current.class_line is None:
            # The class follows the name: a class token, or whatever stands above a role line.
            before_role = index + 1 < len(lines) and lines[index + 1][1].startswith(
                trial_grammar.SPONSOR_ROLE.rstrip()
            )
            if before_role or _agency_class(text) is not None:
                current.class_line = number
                current.agency_class = read_token(
                    ctx, current.raw, "agency_class", AgencyClass, number, text
                )
                continue
        drafts.append(_SponsorDraft(number, text))
    if drafts and not any(draft.role_seen for draft in drafts):
        for index, draft in enumerate(drafts):
            draft.role = SponsorRole.COLLABORATOR if index else SponsorRole.LEAD
    ctx.fields["sponsors"] = tuple(
        new.sponsor(
            name=draft.name,
            agency_class=draft.agency_class,
            role=draft.role,
            raw=draft.raw,
            line=draft.line,
        )
        for draft in drafts
    )


# Words that mark an organization name, used to split "title, affiliation" when the
# affiliation is not the lead sponsor.
_ORGANIZATION_WORDS = frozenset(
    [
        "university",
        "universidad",
        "universidade",
        "universität",
        "université",
        "hospital",
        "hospitals",
        "institute",
        "institut",
        "college",
        "center",
        "centre",
        "clinic",
        "clinics",
        "school",
        "foundation",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "corporation",
        "company",
        "ministry",
        "department",
        "council",
        "association",
        "society",
        "agency",
        "laboratories",
        "pharmaceuticals",
    ]
)


def split_title_affiliation(text: str, lead_sponsor: str | None) -> tuple[str | None, str | None]:
    """The page joins the investigator's title and affiliation with ``, ``; split it back.

    In order: where the affiliation is the lead sponsor's name; before the first
    comma-separated part (after the first) that names an organization (``University``,
    ``Hospital``, ...); at the first ``, ``. Rejoining with ``, `` always gives the page text
    back. A line with no comma is an affiliation if it names an organization.
    """
    if lead_sponsor and text.endswith(", " + lead_sponsor):
        return text[: -len(lead_sponsor) - 2] or None, lead_sponsor
    if lead_sponsor and text == lead_sponsor:
        return None, text
    parts = text.split(", ")
    if len(parts) == 1:
        return (None, text) if _names_organization(text) else (text, None)
    cut = next((i for i in range(1, len(parts)) if _names_organization(parts[i])), 1)
    return ", ".join(parts[:cut]) or None, ", ".join(parts[cut:]) or None


def _names_organization(text: str) -> bool:
    return any(word.strip(".,()").lower() in _ORGANIZATION_WORDS for word in text.split())


def extract_responsible_party(section: Section, ctx: Context) -> None:
    """Investigator name, ``title, affiliation`` line, ``Responsibility Role X``."""
    lines = stripped_nonblank(section.lines)
    if not lines:
        ctx.fields["responsible_party"] = None
        return
    raw: dict[str, str] = {}
    party_type = None
    role_index = next(
        (
            index
            for index, (_, text) in enumerate(lines)
            if text.startswith(trial_grammar.RESPONSIBILITY_ROLE)
        ),
        None,
    )
    body = lines if role_index is None else lines[:role_index]
    if role_index is not None:
        role_line, role_text = lines[role_index]
        value_text = after_prefix(role_text, trial_grammar.RESPONSIBILITY_ROLE) or ""
        party_type = read_token(ctx, raw, "type", ResponsiblePartyType, role_line, value_text)
        ctx.keep(lines[role_index + 1 :])
    name = title = affiliation = None
    if body:
        name = plain_text(raw, "investigator_name", body[0][1])
    if len(body) > 1:
        lead = next(
            (s.name for s in ctx.fields.get("sponsors", ()) if s.role is SponsorRole.LEAD), None
        )
        title, affiliation = split_title_affiliation(unescape_markdown(body[1][1]), lead)
        if unescape_markdown(body[1][1]) != body[1][1]:
            raw["title_affiliation"] = body[1][1]
        ctx.keep(body[2:])
    ctx.fields["responsible_party"] = new.responsible_party(
        type=party_type,
        investigator_name=name,
        investigator_title=title,
        investigator_affiliation=affiliation,
        raw=raw,
        line=lines[0][0],
    )


def _contacts(
    ctx: Context, lines: Sequence[NumberedLine], role_type: type[enum.Enum]
) -> tuple[Contact, ...]:
    blocks, before = _contact_blocks(lines)
    ctx.keep(before)
    contacts = []
    for (number, name_text), *details in blocks:
        raw: dict[str, str] = {}
        role = None
        if details and details[0][1].startswith(trial_grammar.CONTACT_ROLE.rstrip()):
            (role_line, role_text), *details = details
            role_value = after_prefix(role_text, trial_grammar.CONTACT_ROLE) or ""
            role = read_token(ctx, raw, "role", role_type, role_line, role_value)
        phone = phone_ext = email = None
        for detail_line, detail in details:
            if email is None and grammar.EMAIL.fullmatch(detail):
                email = detail
                continue
            if phone is None:
                try:
                    phone, phone_ext = split_phone(detail)
                except NormalizeError:
                    pass
                else:
                    note_raw(
                        raw,
                        "phone",
                        detail,
                        phone if phone_ext is None else f"{phone} ext {phone_ext}",
                    )
                    continue
            ctx.keep([(detail_line, detail)])
        contacts.append(
            new.contact(
                name=plain_text(raw, "name", name_text),
                role=role,  # type: ignore[arg-type]
                phone=phone,
                phone_ext=phone_ext,
                email=email,
                raw=raw,
                line=number,
            )
        )
    return tuple(contacts)


def _is_role(text: str) -> bool:
    return text.startswith(trial_grammar.CONTACT_ROLE)


def _is_detail(text: str) -> bool:
    return grammar.EMAIL.fullmatch(text) is not None or grammar.PHONE.fullmatch(text) is not None


def _contact_blocks(
    lines: Sequence[NumberedLine],
) -> tuple[list[list[NumberedLine]], list[NumberedLine]]:
    """A contact is a name, its ``Role:`` line, then phone and email. Where the page has role
    lines they open the blocks (a name is the line above one); a scrape that lost them all
    opens a contact at each line that is neither a phone nor an email."""
    items = stripped_nonblank(lines)
    if any(text.startswith(trial_grammar.CONTACT_ROLE) for _, text in items):
        return blocks_opened_before(items, _is_role)
    blocks: list[list[NumberedLine]] = []
    for number, text in items:
        if blocks and _is_detail(text):
            blocks[-1].append((number, text))
        else:
            blocks.append([(number, text)])
    return blocks, []


def extract_central_contacts(section: Section, ctx: Context) -> None:
    """Per contact: ``Name, Degree``, ``Role: CONTACT``, phone, email."""
    ctx.fields["central_contacts"] = _contacts(ctx, section.lines, ContactRole)


def extract_facility_contacts(section: Section, ctx: Context) -> None:
    """Per contact: ``Name, Degree``, ``Role: primary|backup``, phone, email."""
    ctx.fields["facility_contacts"] = _contacts(ctx, section.lines, FacilityContactRole)
