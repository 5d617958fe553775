"""What changed between two versions of a study's record: ``diff(old, new)``.

Strategy: both records are written as the registry's API v2 study (``to_ctgov``), so a
change is named by the field's path there and its values are plain JSON values. The two
are walked side by side; lists of things are matched by what each item is, never by where
it stands (``IDENTITIES``): sites by facility, city and country, groups by label,
interventions by type and name, outcomes by their measure (then, among those left, by the
most similar wording, so a reworded outcome is one change), criteria by their text, plain
lists (conditions, phases) by value. Primary outcomes are followed across the outcome lists:
a primary outcome reworded (measure or time frame), removed, demoted to secondary, or a
secondary promoted, is a ``switched`` change.

What is not the study's is no change: whitespace (text is compared with its runs of
whitespace made one space), line numbers, diagnostics, the page's shape and source (none of
which ``to_ctgov`` writes), values derived from others (``DERIVED``: the age groups come
from the ages), and a field missing from a compact scrape that such scrapes lose
(``LOST_IN_COMPACT``). Where the two records are of different page kinds only what both carry is
compared (a trial page says nothing of results). A date written more precisely
(``2025-03`` -> ``2025-03-14``) is a ``changed`` whose values differ in length.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from ctgov_parse.ctgov import to_ctgov
from ctgov_parse.model import PageKind, PageShape, Trial
from ctgov_parse.normalize import split_criteria

__all__ = [
    "DERIVED",
    "IDENTITIES",
    "LOST_IN_COMPACT",
    "Change",
    "ChangeKind",
    "Snapshot",
    "Topic",
    "diff",
    "diff_snapshots",
    "snapshot",
]


class ChangeKind(enum.Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    SWITCHED = "switched"  # outcome switching: see the module's strategy


class Topic(enum.Enum):
    """What a change is about, for grouping (a researcher asks for status changes, or
    outcome changes, not for paths)."""

    STATUS = "status"
    ENROLLMENT = "enrollment"
    DATES = "dates"
    CONDITIONS = "conditions"
    OUTCOMES = "outcomes"
    ELIGIBILITY = "eligibility"
    ARMS_AND_INTERVENTIONS = "arms and interventions"
    SITES = "sites"
    CONTACTS = "contacts"
    SPONSORS = "sponsors"
    DESIGN = "design"
    DESCRIPTION = "description"
    RESULTS = "results"
    IDENTIFICATION = "identification"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Change:
    """One change: the field's API v2 ``path`` (list items named by identity, e.g.
    ``protocolSection.contactsLocationsModule.locations[Mayo Clinic|Rochester|United
    States].status``), its ``kind``, the ``old`` and ``new`` values (plain values as
    ``to_ctgov`` writes them; None where the field is absent) and its ``topic``."""

    path: str
    kind: ChangeKind
    old: Any
    new: Any
    topic: Topic

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind.value,
            "topic": self.topic.value,
            "old": self.old,
            "new": self.new,
        }


# Paths (list items as "[]") of values derived from other fields: reported at their source.
DERIVED = frozenset({"protocolSection.eligibilityModule.stdAges"})
# Paths a compact scrape can lose (FORMAT.md: its `Group Type` lines can be missing): where
# the version without one is compact, its absence is the page's shape, not a change.
LOST_IN_COMPACT = frozenset({"protocolSection.armsInterventionsModule.armGroups[].type"})

_P = "protocolSection."
_OUTCOMES = _P + "outcomesModule."


def _fields(*names: str) -> Callable[[Any], str]:
    def key(item: Any) -> str:
        if not isinstance(item, dict):
            return _plain(item)
        return "|".join(_plain(item.get(name)) for name in names)

    return key


# How the items of a list are told apart, by the list's path ("[]" for list levels above).
IDENTITIES: dict[str, Callable[[Any], str]] = {
    _P + "contactsLocationsModule.locations": _fields("facility", "city", "country"),
    _P + "contactsLocationsModule.locations[].contacts": _fields("name", "role"),
    _P + "contactsLocationsModule.centralContacts": _fields("name", "role"),
    _P + "contactsLocationsModule.overallOfficials": _fields("name", "role"),
    _P + "armsInterventionsModule.armGroups": _fields("label"),
    _P + "armsInterventionsModule.interventions": _fields("type", "name"),
    _OUTCOMES + "primaryOutcomes": _fields("measure"),
    _OUTCOMES + "secondaryOutcomes": _fields("measure"),
    _OUTCOMES + "otherOutcomes": _fields("measure"),
    _P + "sponsorCollaboratorsModule.collaborators": _fields("name"),
    _P + "identificationModule.secondaryIdInfos": _fields("id"),
    _P + "referencesModule.references": _fields("pmid", "citation"),
    "resultsSection.outcomeMeasuresModule.outcomeMeasures": _fields("title"),
}
# Lists whose items are matched by the most similar text when their identity changed.
_RESULTS_OUTCOMES = "resultsSection.outcomeMeasuresModule.outcomeMeasures"
_REWORDED = frozenset(
    {
        _OUTCOMES + "primaryOutcomes",
        _OUTCOMES + "secondaryOutcomes",
        _OUTCOMES + "otherOutcomes",
        _RESULTS_OUTCOMES,
    }
)
_SIMILAR = 0.6  # difflib's ratio at which a reworded item is the same item

_TOPICS: tuple[tuple[str, Topic], ...] = (
    (_P + "statusModule.overallStatus", Topic.STATUS),
    (_P + "statusModule.lastKnownStatus", Topic.STATUS),
    (_P + "statusModule.whyStopped", Topic.STATUS),
    (_P + "statusModule.statusVerifiedDate", Topic.DATES),
    (_P + "statusModule", Topic.DATES),
    (_P + "designModule.enrollmentInfo", Topic.ENROLLMENT),
    (_P + "designModule", Topic.DESIGN),
    (_P + "conditionsModule", Topic.CONDITIONS),
    (_P + "outcomesModule", Topic.OUTCOMES),
    (_P + "eligibilityModule", Topic.ELIGIBILITY),
    (_P + "armsInterventionsModule", Topic.ARMS_AND_INTERVENTIONS),
    (_P + "contactsLocationsModule.locations", Topic.SITES),
    (_P + "contactsLocationsModule", Topic.CONTACTS),
    (_P + "sponsorCollaboratorsModule", Topic.SPONSORS),
    (_P + "descriptionModule", Topic.DESCRIPTION),
    (_P + "identificationModule", Topic.IDENTIFICATION),
    ("resultsSection", Topic.RESULTS),
    ("hasResults", Topic.RESULTS),
)
_CRITERIA = _P + "eligibilityModule.eligibilityCriteria"
_SPACES = re.compile(r"\s+")


def topic_of(path: str) -> Topic:
    """The topic of a change at ``path``."""
    for prefix, topic in _TOPICS:
        if path.startswith(prefix):
            return topic
    return Topic.OTHER


@attrs.frozen
class Snapshot:
    """What ``diff`` compares of a record: its API v2 study (as ``to_ctgov`` writes it), the
    page kind it was read from and the page's shape. The study is plain JSON data, so a
    snapshot can be stored (``study_versions.record``) and compared again later without
    the record it was made from."""

    study: dict[str, Any]
    kind: PageKind | None = None
    shape: PageShape | None = None


def snapshot(trial: Trial) -> Snapshot:
    """The snapshot of a record."""
    return Snapshot(to_ctgov(trial), trial.page_kind, trial.page_shape)


def diff(old: Trial, new: Trial) -> tuple[Change, ...]:
    """The changes from ``old`` to ``new``, two records of the same study (pages of one
    kind, or records holding both pages), in the order of the API v2 study's fields."""
    if old.nct_id and new.nct_id and old.nct_id != new.nct_id:
        raise ValueError(f"not the same study: {old.nct_id} and {new.nct_id}")
    return diff_snapshots(snapshot(old), snapshot(new))


def diff_snapshots(old: Snapshot, new: Snapshot) -> tuple[Change, ...]:
    """``diff`` of two snapshots (one of them, say, read back from a database)."""
    before, after = _comparable(old, new), _comparable(new, old)
    changes: list[Change] = []
    _switches(before, after, changes)
    _walk("", before, after, changes)
    return tuple(change for change in changes if not _shape_only(change, old, new))


def _shape_only(change: Change, old: Snapshot, new: Snapshot) -> bool:
    """Whether a change is only the lack of a field that the compact page lacking it can
    lose (``LOST_IN_COMPACT``)."""
    if _shape(change.path) not in LOST_IN_COMPACT:
        return False
    lacking = old if change.kind is ChangeKind.ADDED else new
    return change.kind is not ChangeKind.CHANGED and lacking.shape is PageShape.COMPACT


def _carries(kind: PageKind | None) -> frozenset[str]:
    """The top-level parts of the API v2 study a page of this kind can say anything of."""
    if kind is PageKind.TRIAL:
        return frozenset({"protocolSection"})
    if kind is PageKind.RESULTS:
        return frozenset({"resultsSection"})
    return frozenset({"protocolSection", "resultsSection", "hasResults"})


def _comparable(version: Snapshot, other: Snapshot) -> dict[str, Any]:
    """The parts of a snapshot both versions carry, copied where the comparison rewrites
    them: criteria item by item (compared by their text, not as one block of text) and the
    outcome lists (outcome switching takes the outcomes it reports out of them)."""
    both = _carries(version.kind) & _carries(other.kind)
    kept = {key: value for key, value in version.study.items() if key in both}
    protocol = kept.get("protocolSection")
    if not isinstance(protocol, dict):
        return kept
    protocol = kept["protocolSection"] = dict(protocol)
    if isinstance(outcomes := protocol.get("outcomesModule"), dict):
        protocol["outcomesModule"] = dict(outcomes)
    eligibility = protocol.get("eligibilityModule")
    if isinstance(eligibility, dict) and isinstance(eligibility.get("eligibilityCriteria"), str):
        eligibility = protocol["eligibilityModule"] = dict(eligibility)
        text = eligibility.pop("eligibilityCriteria")
        inclusion, exclusion = split_criteria(list(enumerate(text.split("\n"), start=1)))
        eligibility["eligibilityCriteria"] = [
            f"{kind}: {_plain(criterion.text)}"
            for kind, items in (("Inclusion", inclusion), ("Exclusion", exclusion))
            for criterion in items
        ]
    return kept


def _plain(value: Any) -> str:
    return "" if value is None else _SPACES.sub(" ", str(value)).strip()


def _same(old: Any, new: Any) -> bool:
    if old == new:
        return True
    if isinstance(old, str) and isinstance(new, str):
        return _plain(old) == _plain(new)
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


def _shape(path: str) -> str:
    """A path with its list items' names dropped: ``a.b[x].c`` -> ``a.b[].c``."""
    return re.sub(r"\[[^\]]*\]", "[]", path)


def _add(changes: list[Change], path: str, kind: ChangeKind, old: Any, new: Any) -> None:
    if _shape(path) in DERIVED:
        return
    changes.append(Change(path=path, kind=kind, old=old, new=new, topic=topic_of(path)))


def _walk(path: str, old: Any, new: Any, changes: list[Change]) -> None:
    if old == new:  # most of two versions is the same: compared at C speed, not walked
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(key for key in new if key not in old)]:
            where = f"{path}.{key}" if path else key
            if key not in new:
                _walk(where, old[key], _empty(old[key]), changes)
            elif key not in old:
                _walk(where, _empty(new[key]), new[key], changes)
            else:
                _walk(where, old[key], new[key], changes)
        return
    if isinstance(old, list) and isinstance(new, list):
        _walk_list(path, old, new, changes)
        return
    if _same(old, new):
        return
    if old in (None, "", [], {}):
        _add(changes, path, ChangeKind.ADDED, None, new)
    elif new in (None, "", [], {}):
        _add(changes, path, ChangeKind.REMOVED, old, None)
    else:
        _add(changes, path, ChangeKind.CHANGED, old, new)


def _empty(value: Any) -> Any:
    """What stands for a field one version lacks: an empty one of its kind, so that what the
    other holds is reported field by field, item by item."""
    if isinstance(value, dict):
        return {}
    return [] if isinstance(value, list) else None


def _identity(path: str) -> Callable[[Any], str]:
    return IDENTITIES.get(
        _shape(path), lambda item: _plain(item) if not isinstance(item, dict | list) else repr(item)
    )


def _walk_list(path: str, old: list[Any], new: list[Any], changes: list[Change]) -> None:
    identity = _identity(path)
    pairs = list(_pairs(path, old, new, identity))
    results_outcomes = _shape(path) == _RESULTS_OUTCOMES
    for before, after in pairs:
        if before is None:
            _add(changes, f"{path}[{identity(after)}]", ChangeKind.ADDED, None, after)
        elif after is None:
            kind = ChangeKind.REMOVED
            if results_outcomes and before.get("type") == _PRIMARY:
                kind = ChangeKind.SWITCHED  # a primary outcome removed
            _add(changes, f"{path}[{identity(before)}]", kind, before, None)
        else:
            first = len(changes)
            _walk(f"{path}[{identity(before)}]", before, after, changes)
            if results_outcomes:
                changes[first:] = [_switched(change, before) for change in changes[first:]]


_PRIMARY = "PRIMARY"
# A primary outcome's fields whose change is outcome switching (its measure, its time frame).
_SWITCHING = (".title", ".timeFrame")


def _switched(change: Change, outcome: dict[str, Any]) -> Change:
    """A change of a results outcome as outcome switching where it is one: its type to or
    from primary, or a primary outcome's title or time frame."""
    if change.path.endswith(".type") and _PRIMARY in (change.old, change.new):
        return attrs.evolve(change, kind=ChangeKind.SWITCHED)
    if outcome.get("type") == _PRIMARY and change.path.endswith(_SWITCHING):
        return attrs.evolve(change, kind=ChangeKind.SWITCHED)
    return change


def _pairs(
    path: str, old: list[Any], new: list[Any], identity: Callable[[Any], str]
) -> Iterator[tuple[Any, Any]]:
    """The items of the two lists, matched: by identity (the n-th of equals with the n-th),
    then, in lists of reworded things, by the most similar identity; unmatched alone."""
    by_key: dict[str, list[int]] = {}
    for index, item in enumerate(new):
        by_key.setdefault(identity(item), []).append(index)
    matched: dict[int, int] = {}  # old index -> new index
    for index, item in enumerate(old):
        waiting = by_key.get(identity(item))
        if waiting:
            matched[index] = waiting.pop(0)
    if _shape(path) in _REWORDED:
        left = [i for i in range(len(old)) if i not in matched]
        free = sorted(set(range(len(new))) - set(matched.values()))
        for index, other in _similar(
            [identity(old[i]) for i in left], [identity(new[i]) for i in free]
        ):
            matched[left[index]] = free[other]
    taken = set(matched.values())
    for index, item in enumerate(old):
        yield item, (new[matched[index]] if index in matched else None)
    for index, item in enumerate(new):
        if index not in taken:
            yield None, item


def _similar(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Pairs of positions of the most similar texts, best first, each used once, at
    ``_SIMILAR`` or above."""
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio(), i, j)
            for i, a in enumerate(old)
            for j, b in enumerate(new)
        ),
        key=lambda found: (-found[0], found[1], found[2]),
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for ratio, i, j in scored:
        if ratio < _SIMILAR or i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j))
    return pairs


def _switches(before: dict[str, Any], after: dict[str, Any], changes: list[Change]) -> None:
    """Outcome switching, reported as such and taken out of the lists compared after: a
    primary outcome whose measure or time frame changed, removed, demoted to secondary; a
    secondary promoted to primary."""
    old_module = before.get("protocolSection", {}).get("outcomesModule")
    new_module = after.get("protocolSection", {}).get("outcomesModule")
    if not isinstance(old_module, dict) or not isinstance(new_module, dict):
        return
    old_primary = list(old_module.get("primaryOutcomes", []))
    new_primary = list(new_module.get("primaryOutcomes", []))
    old_secondary = list(old_module.get("secondaryOutcomes", []))
    new_secondary = list(new_module.get("secondaryOutcomes", []))
    where = _OUTCOMES + "primaryOutcomes"
    identity = IDENTITIES[where]
    kept_old: list[Any] = []
    kept_new: list[Any] = []
    pairs = list(_pairs(where, old_primary, new_primary, identity))
    for old, new in pairs:
        if old is not None and new is not None:
            for field in ("measure", "timeFrame"):
                if not _same(old.get(field), new.get(field)):
                    _add(changes, f"{where}[{identity(old)}].{field}", ChangeKind.SWITCHED,
                         old.get(field), new.get(field))  # fmt: skip
            # The rest (its description) is compared as any field, under its new identity.
            kept_old.append(
                {**old, "measure": new.get("measure"), "timeFrame": new.get("timeFrame")}
            )
            kept_new.append(new)
        elif old is not None:  # removed, or demoted to secondary
            demoted = _find(old, new_secondary)
            if demoted is not None:
                new_secondary.remove(demoted)
                if old in old_secondary:
                    old_secondary.remove(old)
            _add(changes, f"{where}[{identity(old)}]", ChangeKind.SWITCHED, old,
                 None if demoted is None else {"secondaryOutcomes": demoted})  # fmt: skip
        else:  # added, or promoted from secondary
            raised = _find(new, old_secondary)
            if raised is None:
                kept_new.append(new)
                continue
            old_secondary.remove(raised)
            _add(changes, f"{where}[{identity(new)}]", ChangeKind.SWITCHED,
                 {"secondaryOutcomes": raised}, new)  # fmt: skip
    old_module["primaryOutcomes"], new_module["primaryOutcomes"] = kept_old, kept_new
    old_module["secondaryOutcomes"], new_module["secondaryOutcomes"] = old_secondary, new_secondary


def _find(outcome: dict[str, Any], among: list[Any]) -> Any:
    """The outcome of ``among`` that is ``outcome`` (same measure, else most similar)."""
    measure = _plain(outcome.get("measure")).lower()
    for item in among:
        if _plain(item.get("measure")).lower() == measure:
            return item
    found = _similar([measure], [_plain(item.get("measure")).lower() for item in among])
    return among[found[0][1]] if found else None
