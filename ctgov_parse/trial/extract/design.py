"""Study Design: interventional labels (with the free-text model and masking descriptions and
the masked-roles line) or observational ones.

Compact scrapes drop the labels and keep the values in label order (``RANDOMIZED``,
``PARALLEL``, ``TREATMENT``, ``SINGLE``): then each line is given to the first field, at or
after the last one filled, whose vocabulary holds it, and the lines that follow the model or
the masking are their free text. The study type says which list of fields applies; a token
that fits two fields (``OTHER``: observational model or time perspective) goes to the first,
and is reported as ``inferred-field`` when nothing on the page tells the two apart.
"""

from __future__ import annotations

import enum

from ctgov_parse import grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.model import (
    Design,
    MaskedRole,
    ObservationalModel,
    StudyType,
    TimePerspective,
    new,
)
from ctgov_parse.normalize import normalize_masked_roles, normalize_token
from ctgov_parse.page.fields import read_fields, store
from ctgov_parse.page.grammar import looks_like_heading
from ctgov_parse.page.read import (
    Context,
    note_token_raw,
    store_text,
)
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.trial import grammar as trial_grammar
from ctgov_parse.trial.fields import DESIGN, INTERVENTIONAL_DESIGN, OBSERVATIONAL_DESIGN


def extract_study_design(section: Section, ctx: Context) -> None:
    found = read_fields(ctx, section.lines, DESIGN)
    if not found.labelled:
        ctx.fields["design"] = _read_by_position(ctx, found.before)
        return
    ctx.keep(found.before)
    fields: dict[str, object] = {}
    raw: dict[str, str] = {}
    for read in found.values:
        field = read.field.name
        store(fields, raw, read.field, read.value, read.text)
        extras, unknown = _until_unknown_label(read.extras, field)
        ctx.keep(unknown)
        if field == "intervention_model":
            store_text(fields, raw, "intervention_model_description", extras)
        elif field == "masking":
            _masking_extras(fields, raw, extras)
        else:
            ctx.keep(extras)
    # Labels with no value (a page cut after a label) make no design.
    ctx.fields["design"] = (
        new.from_fields(Design, {**fields, "raw": raw}) if fields or raw else None
    )


def _until_unknown_label(
    extras: list[NumberedLine], field: str
) -> tuple[list[NumberedLine], list[NumberedLine]]:
    """Free text after a value stops at a label the grammar does not know: a line shaped
    like a label with a blank line and a value below it (a description instead runs up to
    the next label with no blank line). That line and what follows are kept as unparsed.
    The masked-roles line is exempt."""
    nonblank = [index for index, (_, text) in enumerate(extras) if text]
    for position, index in enumerate(nonblank[:-1]):
        if field == "masking" and position == 0:
            continue
        followed_by_blank = nonblank[position + 1] > index + 1
        if followed_by_blank and looks_like_heading(extras[index][1].strip()):
            return extras[:index], extras[index:]
    return extras, []


def _masking_extras(
    fields: dict[str, object], raw: dict[str, str], extras: list[NumberedLine]
) -> None:
    first = next((index for index, (_, text) in enumerate(extras) if text), None)
    if first is not None:
        roles_text = extras[first][1].strip()
        try:
            roles: tuple[MaskedRole, ...] = normalize_masked_roles(roles_text)
        except NormalizeError:
            roles = ()
        if roles:
            fields["who_masked"] = roles
            canonical = " ".join(grammar.page_spelling(role) for role in roles)
            if roles_text != canonical:
                raw["who_masked"] = roles_text
            extras = extras[first + 1 :]
    store_text(fields, raw, "masking_description", extras)


# --- without labels ---------------------------------------------------------------------------

# The token vocabulary of each design field, from its declaration.
_ENUMS: dict[str, type[enum.Enum]] = {
    field.name: field.kind.enum_type for field in DESIGN if field.kind.enum_type is not None
}
_OBSERVATIONAL_ONLY = frozenset(
    {member.value for member in (*ObservationalModel, *TimePerspective)} - {"OTHER"}
)
_MAX_TOKEN_LENGTH = 40


def _as_token(enum_type: type[enum.Enum], text: str) -> enum.Enum | None:
    """``text`` as a value of ``enum_type`` when it is shaped like one (a token or its plain
    spelling, not a sentence that happens to fold to one)."""
    member = enum_type._value2member_map_.get(text)
    if member is not None:
        return member
    if len(text) > _MAX_TOKEN_LENGTH or text.endswith("."):
        return None
    try:
        return normalize_token(enum_type, text)
    except NormalizeError:
        return None


def _preferred_fields(ctx: Context, lines: list[NumberedLine]) -> tuple[str, ...]:
    study_type = ctx.fields.get("study_type")
    if study_type is StudyType.OBSERVATIONAL:
        return OBSERVATIONAL_DESIGN
    if study_type is not None:
        return INTERVENTIONAL_DESIGN
    # No study type on the page: an observational-only token decides.
    if any(text.strip() in _OBSERVATIONAL_ONLY for _, text in lines):
        return OBSERVATIONAL_DESIGN
    return INTERVENTIONAL_DESIGN


# A placement: for each line index that holds a value, (field, value).
_Placement = dict[int, tuple[str, enum.Enum]]


def _place(order: tuple[str, ...], lines: list[NumberedLine]) -> _Placement:
    """Give each line to the first field, at or after the last one filled, whose vocabulary
    holds it. Lines that no field takes are left out (free text or unplaced)."""
    placed: _Placement = {}
    next_slot = 0
    for index, (_, text) in enumerate(lines):
        stripped = text.strip()
        if not stripped:
            continue
        for slot in range(next_slot, len(order)):
            value = _as_token(_ENUMS[order[slot]], stripped)
            if value is not None:
                placed[index] = (order[slot], value)
                next_slot = slot + 1
                break
    return placed


def _read_by_position(ctx: Context, lines: list[NumberedLine]) -> Design | None:
    preferred = _preferred_fields(ctx, lines)
    other = INTERVENTIONAL_DESIGN if preferred is OBSERVATIONAL_DESIGN else OBSERVATIONAL_DESIGN
    # The study type says which fields a design has; a page whose tokens say otherwise is
    # read the way that places more of them.
    order, placed = preferred, _place(preferred, lines)
    placed_other = _place(other, lines)
    if len(placed_other) > len(placed):
        order, placed = other, placed_other
    fields: dict[str, object] = {}
    raw: dict[str, str] = {}
    owner: str | None = None  # the field whose free text the following lines are
    free: list[NumberedLine] = []

    def close_free_text() -> None:
        if owner == "masking":
            _masking_extras(fields, raw, free)
        elif owner is not None and owner in trial_grammar.DESIGN_TEXT_AFTER:
            store_text(fields, raw, trial_grammar.DESIGN_TEXT_AFTER[owner], free)

    for index, (number, text) in enumerate(lines):
        if index in placed:
            close_free_text()
            field, value = placed[index]
            fields[field] = value
            note_token_raw(raw, field, text.strip(), value)
            owner, free = field, []
        elif owner in trial_grammar.DESIGN_TEXT_AFTER or not text:
            free.append((number, text))
        else:
            ctx.keep([(number, text)])
    close_free_text()
    _report_ambiguous(ctx, order, placed, lines)
    return new.from_fields(Design, {**fields, "raw": raw}) if fields else None


def _report_ambiguous(
    ctx: Context, order: tuple[str, ...], placed: _Placement, lines: list[NumberedLine]
) -> None:
    """A token that would also fit a later, empty field before the next filled one could
    belong to either: the page cannot tell, so the first reading is flagged."""
    slots = {index: order.index(field) for index, (field, _) in placed.items()}
    taken = sorted(slots.values())
    for index, (field, _) in placed.items():
        slot = slots[index]
        following = next((s for s in taken if s > slot), len(order))
        number, text = lines[index]
        for later in order[slot + 1 : following]:
            if _as_token(_ENUMS[later], text.strip()) is not None:
                ctx.report(
                    "inferred-field",
                    f"{text.strip()!r} without its label could be {field} or {later};"
                    f" read as {field}",
                    line=number,
                    section=ctx.section,
                    field=field,
                )
                break
