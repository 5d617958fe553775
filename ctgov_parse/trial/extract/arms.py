"""Interventions and Study Groups.

Interventions: per intervention, its name, a description, then ``Intervention Type X``.
Study Groups: per group, a label, a description, ``Group Type X``, then for each intervention
given to the group its name, ``Intervention Type X`` and its description (a different order
than in Interventions), or ``No interventions assigned to this group``.

The one ambiguity is the text between a group's last ``Intervention Type`` line and the next
``Group Type`` line: the intervention's description, then the next group's label and
description. The description is known from the Interventions section (read first), so it is
matched there; without it, one line is taken as the description.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctgov_parse.model import Arm, ArmIntervention, ArmType, Intervention, InterventionType, new
from ctgov_parse.page.read import (
    Context,
    after_prefix,
    blocks_closed_by,
    note_raw,
    plain_text,
    read_token,
    text_block,
)
from ctgov_parse.page.split import NumberedLine, Section
from ctgov_parse.trial import grammar


def _is_intervention_type(text: str) -> bool:
    # The bare label too: an intervention without a type still ends its entry.
    return text.startswith(grammar.INTERVENTION_TYPE) or text == grammar.INTERVENTION_TYPE.strip()


def _description(raw: dict[str, str], lines: Sequence[NumberedLine]) -> str | None:
    block = text_block(lines)
    if block is None:
        return None
    text, page_text = block
    note_raw(raw, "description", page_text, text)
    return text


def _intervention_type(
    ctx: Context, raw: dict[str, str], number: int, text: str
) -> InterventionType | None:
    value_text = after_prefix(text.strip(), grammar.INTERVENTION_TYPE) or ""
    return read_token(ctx, raw, "type", InterventionType, number, value_text)


def extract_interventions(section: Section, ctx: Context) -> None:
    interventions = []
    for body, anchor in blocks_closed_by(section.lines, _is_intervention_type):
        first = next((index for index, (_, text) in enumerate(body) if text), None)
        if first is None:
            ctx.keep([anchor] if anchor else [])
            continue
        raw: dict[str, str] = {}
        number, name_text = body[first]
        name = plain_text(raw, "name", name_text.strip())
        description = _description(raw, body[first + 1 :])
        kind = _intervention_type(ctx, raw, *anchor) if anchor else None
        interventions.append(
            new.intervention(name=name, type=kind, description=description, raw=raw, line=number)
        )
    ctx.fields["interventions"] = tuple(interventions)


# --- Study Groups -------------------------------------------------------------------------------

_GROUP, _GIVEN, _NONE = "group-type", "intervention-type", "no-interventions"


# First characters of the anchor lines (and of indented lines, which are stripped first):
# any other line is text, told apart with one set lookup.
_ANCHOR_STARTS = frozenset(
    {grammar.GROUP_TYPE[0], grammar.INTERVENTION_TYPE[0], grammar.NO_INTERVENTIONS[0], " ", "\t"}
)


def _anchor_kind(stripped: str) -> str | None:
    if stripped.startswith(grammar.GROUP_TYPE) or stripped == grammar.GROUP_TYPE.strip():
        return _GROUP
    if _is_intervention_type(stripped):
        return _GIVEN
    if stripped == grammar.NO_INTERVENTIONS:
        return _NONE
    return None


def _tokens(lines: Sequence[NumberedLine]) -> list[tuple[str, list[NumberedLine]]]:
    """The section as anchors (each with its line) and the runs of text lines between them."""
    tokens: list[tuple[str, list[NumberedLine]]] = []
    run: list[NumberedLine] = []
    for number, text in lines:
        if text[:1] not in _ANCHOR_STARTS:
            run.append((number, text))
            continue
        stripped = text.strip()
        kind = _anchor_kind(stripped)
        if kind is None:
            run.append((number, text))
            continue
        tokens.append(("text", run))
        tokens.append((kind, [(number, stripped)]))
        run = []
    tokens.append(("text", run))
    return tokens


class _ArmDraft:
    __slots__ = ("description", "given", "label", "line", "raw", "type")

    def __init__(self, label: str, line: int, raw: dict[str, str]) -> None:
        self.label = label
        self.line = line
        self.raw = raw
        self.description: str | None = None
        self.type: ArmType | None = None
        self.given: list[ArmIntervention] = []


def extract_study_groups(section: Section, ctx: Context) -> None:
    known = {item.name: item for item in ctx.fields.get("interventions", ())}
    tokens = _tokens(section.lines)
    arms: list[_ArmDraft] = []
    pending_name: NumberedLine | None = None  # an intervention name waiting for its type line
    for index in range(0, len(tokens), 2):
        run = tokens[index][1]
        anchor = tokens[index + 1] if index + 1 < len(tokens) else None
        next_kind = anchor[0] if anchor else None
        # 1. After an intervention's type line: its description comes first.
        if index > 0 and tokens[index - 1][0] == _GIVEN and arms and arms[-1].given:
            run = _take_description(arms[-1], run, known, next_kind)
        text_lines = [line for line in run if line[1]]
        # 2. Before an intervention's type line: its name is the last line.
        if next_kind == _GIVEN and text_lines:
            pending_name = text_lines[-1]
            run = [line for line in run if line[0] < pending_name[0]]
            text_lines = text_lines[:-1]
        # 3. Whatever text is left opens a group (observational cohorts have no type line).
        if text_lines and (next_kind is not None or not arms):
            arms.append(_open_arm(run))
        else:
            ctx.keep(text_lines)
        if anchor is None:
            continue
        kind, ((number, text),) = anchor
        if not arms or (kind == _GROUP and not text_lines):
            ctx.report(
                "missing-group-label",
                "a study group has no label line",
                line=number,
                section=ctx.section,
                field="arms",
            )
            arms.append(_ArmDraft("", number, {}))
        arm = arms[-1]
        if kind == _GROUP:
            value_text = after_prefix(text, grammar.GROUP_TYPE) or ""
            arm.type = read_token(ctx, arm.raw, "type", ArmType, number, value_text)
        elif kind == _GIVEN:
            raw: dict[str, str] = {}
            name_line, name_text = pending_name or (number, "")
            name = plain_text(raw, "name", name_text.strip())
            given_type = _intervention_type(ctx, raw, number, text)
            arm.given.append(
                new.arm_intervention(name=name, type=given_type, raw=raw, line=name_line)
            )
            pending_name = None
    ctx.fields["arms"] = tuple(_freeze(arm) for arm in arms)


def _open_arm(run: list[NumberedLine]) -> _ArmDraft:
    first = next(index for index, (_, text) in enumerate(run) if text)
    number, label_text = run[first]
    raw: dict[str, str] = {}
    arm = _ArmDraft(plain_text(raw, "label", label_text.strip()), number, raw)
    arm.description = _description(raw, run[first + 1 :])
    return arm


def _take_description(
    arm: _ArmDraft,
    run: list[NumberedLine],
    known: dict[str, Intervention],
    next_kind: str | None,
) -> list[NumberedLine]:
    """Give the group's last intervention its description from the head of ``run``; return
    the rest of the run."""
    text_lines = [line for line in run if line[1]]
    if not text_lines:
        return run
    take = _known_description_length(known.get(arm.given[-1].name), text_lines, next_kind)
    if take is None:
        if next_kind is None:
            take = len(text_lines)  # nothing follows: all of it is the description
        elif next_kind == _GIVEN:
            take = len(text_lines) - 1  # the last line names the next intervention
        else:
            take = 1 if len(text_lines) > 1 else 0
    if take <= 0:
        return run
    last_taken = text_lines[take - 1][0]
    given = arm.given[-1]
    raw = dict(given.raw)
    description = _description(raw, [line for line in run if line[0] <= last_taken])
    arm.given[-1] = new.arm_intervention(
        name=given.name, type=given.type, description=description, raw=raw, line=given.line
    )
    return [line for line in run if line[0] > last_taken]


def _known_description_length(
    intervention: Intervention | None, text_lines: list[NumberedLine], next_kind: str | None
) -> int | None:
    """How many lines of ``text_lines`` are the intervention's description as the
    Interventions section gives it, or None when that section does not tell."""
    if intervention is None:
        return None
    if intervention.description is None:
        return 0
    page_text = intervention.raw.get("description", intervention.description)
    wanted = [line.strip() for line in page_text.split("\n") if line.strip()]
    found = [text.strip() for _, text in text_lines[: len(wanted)]]
    room = len(text_lines) if next_kind is None else len(text_lines) - 1
    return len(wanted) if found == wanted and len(wanted) <= room else None


def _freeze(arm: _ArmDraft) -> Arm:
    return new.arm(
        label=arm.label,
        type=arm.type,
        description=arm.description,
        interventions=tuple(arm.given),
        raw=arm.raw,
        line=arm.line,
    )
