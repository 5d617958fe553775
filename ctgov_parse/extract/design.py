"""Study Design: interventional labels (with the free-text model and masking descriptions and
the masked-roles line) or observational ones."""

from __future__ import annotations

from ctgov_parse import grammar
from ctgov_parse.errors import NormalizeError
from ctgov_parse.extract.common import (
    Context,
    NumberedLine,
    read_labelled,
    read_token,
    text_block,
)
from ctgov_parse.model import Design, MaskedRole
from ctgov_parse.normalize import normalize_masked_roles
from ctgov_parse.split import Section


def extract_study_design(section: Section, ctx: Context) -> None:
    values, unlabelled = read_labelled(section.lines, grammar.DESIGN_LABELS)
    ctx.keep(unlabelled)
    if not values:
        ctx.fields["design"] = None
        return
    fields: dict[str, object] = {}
    raw: dict[str, str] = {}
    for field, labelled in values.items():
        if labelled.text is None:
            ctx.report(
                "missing-value",
                f"{grammar.DESIGN_LABELS[field]!r} has no value",
                line=labelled.label_line,
                section=ctx.section,
                field=field,
            )
            continue
        enum_type = grammar.ENUMS_BY_FIELD[field]
        value = read_token(ctx, raw, field, enum_type, labelled.line, labelled.text)
        if value is not None:
            fields[field] = value
        extras, unknown = _until_unknown_label(labelled.extras, field)
        ctx.keep(unknown)
        if field == "intervention_model":
            _free_text(fields, raw, "intervention_model_description", extras)
        elif field == "masking":
            _masking_extras(fields, raw, extras)
        else:
            ctx.keep(extras)
    ctx.fields["design"] = Design(**fields, raw=raw)  # type: ignore[arg-type]


def _free_text(
    fields: dict[str, object], raw: dict[str, str], field: str, lines: list[NumberedLine]
) -> None:
    block = text_block(lines)
    if block is not None:
        fields[field], page_text = block
        if page_text != fields[field]:
            raw[field] = page_text


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
        if followed_by_blank and grammar.looks_like_heading(extras[index][1].strip()):
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
    _free_text(fields, raw, "masking_description", extras)
