"""Every version of a study's pages, and what changed between them: ``study_versions``,
``study_changes``, ``status_history``.

Strategy: where a page is parsed, its record is written as the API v2 study it says
(``Version``: that study as JSON, its page kind and shape, its date and a hash of its
content). A record of both pages (API JSON, ``merge``) is a version of the trial page and,
where it has results, of the results page. The load then places each version among the
study's stored ones (``place``): ordered by last-update date, ties by content hash, so the
same versions in any order give the same tables; a version whose content is stored already
adds nothing. The common case, a newer scrape, appends: only the newest stored version is
read back, to compare with. A version older than a stored one is inserted in its place, and
that study's page history is renumbered and compared again whole. ``status_history`` is
recomputed from the trial page's versions of each study touched.

These tables keep every version; the other tables keep the newest page of each study.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import orjson

from ctgov_parse.ctgov import to_ctgov
from ctgov_parse.diff import Snapshot, diff_snapshots
from ctgov_parse.model import PageKind, PageShape
from ctgov_parse.tables.protocol import source_columns
from ctgov_parse.tables.schema import ColumnType, Page, Table, column, row_id, token

__all__ = [
    "HISTORY_TABLES",
    "Incoming",
    "Placed",
    "StoredVersion",
    "Version",
    "appends",
    "content_hash",
    "fresh_versions",
    "place",
    "status_rows",
    "stored_of",
    "versions_of",
]

TEXT, INTEGER, DATE = ColumnType.TEXT, ColumnType.INTEGER, ColumnType.DATE


def _none(page: Page, item: Any) -> Any:
    return None  # history rows are made by the load (``place``), not read off a page


def _history(name: str, description: str, columns: tuple[Any, ...], page: Any = None) -> Table:
    return Table(
        name=name,
        page=page,
        aact=False,
        history=True,
        description=description,
        items=lambda page: iter(()),
        columns=columns,
    )


STUDY_VERSIONS = _history(
    "study_versions",
    "One row per distinct version of a study's page, from every load (pages, API JSON):"
    " `ordinal` is `version` - 1. The record is the API v2 study the version says"
    " (`ctgov_parse.from_ctgov` reads it back).",
    (
        column("page_kind", TEXT, "`TRIAL` or `RESULTS`: a record of both pages is a version"
               " of each", _none, nullable=False),
        column("version", INTEGER, "1, 2, ...: the version's place among the page's versions,"
               " by `last_updated`, ties by `content_hash`", _none, nullable=False),
        column("last_updated", TEXT, "the version's last-update date, ISO at its precision",
               _none),
        column("content_hash", TEXT, "BLAKE2b-128 of what the version says (the API v2 study,"
               " whitespace left out, arm group types left out: a compact scrape loses"
               " them), hex; not the page's bytes (`pages.raw_hash`)", _none,
               nullable=False),
        column("page_shape", TEXT, "the layout of the page it was read from (null: not a page)",
               _none),
        column("overall_status", TEXT, "the study's status in this version (trial pages)",
               _none),
        column("record", TEXT, "the version as an API v2 study, JSON", _none, nullable=False),
        *(attrs.evolve(c, get=_none) for c in source_columns()),
        column("raw_hash", TEXT, "the hash of the bytes of the page it was first read from"
               " (`pages.raw_hash`): a later load skips that page unparsed", _none),
    ),
)  # fmt: skip

STUDY_CHANGES = _history(
    "study_changes",
    "One row per change between consecutive versions of a study's page (`ctgov_parse.diff`):"
    " `ordinal` is the change's place among the changes between those two versions.",
    (
        column("page_kind", TEXT, "`TRIAL` or `RESULTS`", _none, nullable=False),
        column("version_from", INTEGER, "the earlier version (`study_versions.version`)",
               _none, nullable=False),
        column("version_to", INTEGER, "the later version", _none, nullable=False),
        column("last_updated_from", TEXT, "the earlier version's last-update date", _none),
        column("last_updated_to", TEXT, "the later version's last-update date", _none),
        column("topic", TEXT, "what the change is about (`Topic`: `status`, `enrollment`,"
               " `dates`, `outcomes`, `sites`, ...)", _none, nullable=False),
        column("kind", TEXT, "`added`, `removed`, `changed` or `switched` (outcome switching)",
               _none, nullable=False),
        column("path", TEXT, "the field's API v2 path, list items named by identity", _none,
               nullable=False),
        column("old_value", TEXT, "the value before, JSON (null: absent)", _none),
        column("new_value", TEXT, "the value after, JSON (null: absent)", _none),
    ),
)  # fmt: skip

STATUS_HISTORY = _history(
    "status_history",
    "Each overall status a study held, by the versions of its trial page: from the first"
    " version that says it to the first later version that says another.",
    (
        column("overall_status", TEXT, "the status (`RECRUITING`, ...)", _none,
               nullable=False),
        column("from_date", DATE, "the last-update date of the first version saying it",
               _none),
        column("to_date", DATE, "the last-update date of the first version saying another"
               " (null: the status it holds in its newest version)", _none),
        column("days", INTEGER, "`to_date` - `from_date` in days (null while held)", _none),
        column("version_from", INTEGER, "the first version saying it", _none,
               nullable=False),
        column("version_to", INTEGER, "the last version saying it", _none, nullable=False),
    ),
    page=PageKind.TRIAL,
)  # fmt: skip

HISTORY_TABLES: tuple[Table, ...] = (STUDY_VERSIONS, STUDY_CHANGES, STATUS_HISTORY)


@attrs.frozen
class Version:
    """A version of one page of a study, made where the page is parsed (small and plain:
    it travels to the loader)."""

    kind: PageKind
    last_updated: str | None
    content_hash: str
    shape: str | None
    status: str | None
    record: bytes  # the API v2 study, JSON


@attrs.frozen
class StoredVersion:
    """What the load reads back of a stored version to place new ones among them."""

    nct_id: str
    kind: PageKind
    last_updated: str | None
    content_hash: str
    version: int
    status: str | None


# The parts of the API v2 study each page kind says anything of (as ``diff`` compares).
_PARTS = {
    PageKind.TRIAL: ("protocolSection",),
    PageKind.RESULTS: ("resultsSection",),
}
# Whitespace is left out of the hash: orjson writes none outside strings, so every space,
# tab and line break (raw or escaped) left out of the JSON text is a string's. Texts that
# differ in whitespace alone (runs, line breaks, where a space stands) hash alike. Bytes
# methods, not a regular expression, which cost as much as the parse.
_ESCAPED_SPACE = (b"\\n", b"\\r", b"\\t")


def versions_of(page: Page) -> tuple[Version, ...]:
    """The versions a page (or a record of both pages) gives."""
    study = to_ctgov(page.trial)
    record = orjson.dumps(study)
    trial = page.trial
    date = None if trial.last_updated is None else trial.last_updated.isoformat()
    shape = token(trial.page_shape)
    kinds: tuple[PageKind, ...]
    if page.kind is None:
        kinds = (PageKind.TRIAL, PageKind.RESULTS) if trial.results else (PageKind.TRIAL,)
    else:
        kinds = (page.kind,)
    return tuple(
        Version(
            kind=kind,
            last_updated=date,
            content_hash=content_hash(study, kind),
            shape=shape,
            status=token(trial.status) if kind is PageKind.TRIAL else None,
            record=record,
        )
        for kind in kinds
    )


def content_hash(study: dict[str, Any], kind: PageKind) -> str:
    """The hash of what a version of a page of ``kind`` says: the parts of the study that
    page carries (in ``to_ctgov``'s order), whitespace left out, arm group types left out
    (``LOST_IN_COMPACT``)."""
    said = {part: study[part] for part in _PARTS[kind] if part in study}
    arms = said.get("protocolSection", {}).get("armsInterventionsModule", {}).get("armGroups")
    if arms:
        module = said["protocolSection"]["armsInterventionsModule"]
        said = {
            "protocolSection": {
                **said["protocolSection"],
                "armsInterventionsModule": {
                    **module,
                    "armGroups": [
                        {k: v for k, v in group.items() if k != "type"} for group in arms
                    ],
                },
            }
        }
    text = orjson.dumps(said).translate(None, b" \t\r\n")
    if b"\\" in text:
        for escaped in _ESCAPED_SPACE:
            text = text.replace(escaped, b"")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


@attrs.frozen
class Placed:
    """What placing new versions of one study's page among its stored ones gives: the
    version rows to insert and the change rows between them and their neighbours. Where a
    version went in before a stored one (``rewrite``), the page's history is renumbered:
    its stored rows must be deleted first, and all of them are in ``versions``."""

    versions: list[tuple[Any, ...]]
    changes: list[tuple[Any, ...]]
    rewrite: bool


def _order(last_updated: str | None, digest: str) -> tuple[str, str]:
    return (last_updated or "", digest)


# A version with what the load knows of its page: (version, source, raw hash).
Incoming = tuple[Version, Any, "str | None"]


def fresh_versions(stored: list[StoredVersion], incoming: list[Incoming]) -> list[Incoming]:
    """The incoming versions (each with its page's source and hash) whose content is not
    stored, one of each, in version order (the first copy of equal contents keeps its
    source)."""
    known = {version.content_hash for version in stored}
    fresh: dict[str, Incoming] = {}
    for given in incoming:
        if given[0].content_hash not in known:
            fresh.setdefault(given[0].content_hash, given)
    return sorted(
        fresh.values(), key=lambda item: _order(item[0].last_updated, item[0].content_hash)
    )


def appends(stored: list[StoredVersion], fresh: list[Incoming]) -> bool:
    """Whether the fresh versions all come after the stored ones (the common case)."""
    if not stored or not fresh:
        return True
    first, last = fresh[0][0], stored[-1]
    return _order(first.last_updated, first.content_hash) > _order(
        last.last_updated, last.content_hash
    )


def place(
    nct_id: str,
    kind: PageKind,
    stored: list[StoredVersion],
    fresh: list[Incoming],
    records: dict[str, tuple[Any, ...]],
) -> Placed:
    """Place the ``fresh`` versions of a study's page among the ``stored`` ones (in version
    order); ``records`` holds stored rows read back, by content hash: the newest when the
    fresh ones come after it, all of them otherwise."""
    appending = appends(stored, fresh)
    # Each entry: (last_updated, content_hash, row without its version numbers).
    entries: list[tuple[str | None, str, tuple[Any, ...]]] = []
    if appending:
        first = len(stored) + 1
        if stored:
            last = stored[-1]
            entries.append((last.last_updated, last.content_hash, records[last.content_hash]))
    else:
        first = 1
        entries = [(s.last_updated, s.content_hash, records[s.content_hash]) for s in stored]
    entries += [
        (version.last_updated, version.content_hash, _version_row(nct_id, version, source, raw))
        for version, source, raw in fresh
    ]
    entries.sort(key=lambda entry: _order(entry[0], entry[1]))
    kept = 1 if appending and stored else 0  # the stored newest, read to compare with
    numbered = [_numbered(row, first - kept + index) for index, (_, _, row) in enumerate(entries)]
    changes = [
        row
        for before, after in itertools.pairwise(numbered)
        for row in _change_rows(nct_id, kind, before, after)
    ]
    return Placed(versions=numbered[kept:], changes=changes, rewrite=not appending)


def stored_of(row: tuple[Any, ...]) -> StoredVersion:
    """The ``StoredVersion`` of a study_versions row."""
    return StoredVersion(
        nct_id=row[1],
        kind=PageKind(row[_AT["page_kind"]]),
        last_updated=row[_AT["last_updated"]],
        content_hash=row[_AT["content_hash"]],
        version=row[_AT["version"]],
        status=row[_AT["overall_status"]],
    )


# Positions in a study_versions row (id, nct_id, ordinal, then the declared columns).
_AT = {c.name: 3 + i for i, c in enumerate(STUDY_VERSIONS.columns)}


def _version_row(
    nct_id: str, version: Version, source: Any, raw_hash: str | None
) -> tuple[Any, ...]:
    key = f"{version.kind.value}|{version.content_hash}"
    return (
        row_id(nct_id, "study_versions", key), nct_id, None, version.kind.value, None,
        version.last_updated, version.content_hash, version.shape, version.status,
        version.record.decode(),
        *((None,) * 5 if source is None else
          (source.path, source.index, source.line, source.offset, source.key)),
        raw_hash,
    )  # fmt: skip


def _numbered(row: tuple[Any, ...], number: int) -> tuple[Any, ...]:
    out = list(row)
    out[2], out[_AT["version"]] = number - 1, number
    return tuple(out)


def _snapshot(row: tuple[Any, ...]) -> Snapshot:
    shape = row[_AT["page_shape"]]
    return Snapshot(
        orjson.loads(row[_AT["record"]]),
        PageKind(row[_AT["page_kind"]]),
        None if shape is None else PageShape(shape),
    )


def _change_rows(
    nct_id: str, kind: PageKind, before: tuple[Any, ...], after: tuple[Any, ...]
) -> Iterator[tuple[Any, ...]]:
    changes = diff_snapshots(_snapshot(before), _snapshot(after))
    key = f"{kind.value}|{before[_AT['content_hash']]}|{after[_AT['content_hash']]}|"
    for ordinal, change in enumerate(changes):
        yield (
            row_id(nct_id, "study_changes", f"{key}{ordinal}"), nct_id, ordinal, kind.value,
            before[_AT["version"]], after[_AT["version"]],
            before[_AT["last_updated"]], after[_AT["last_updated"]],
            change.topic.value, change.kind.value, change.path,
            _json(change.old), _json(change.new),
        )  # fmt: skip


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def status_rows(nct_id: str, versions: Iterable[StoredVersion]) -> list[tuple[Any, ...]]:
    """``status_history`` of a study from its trial page's versions (in version order)."""
    runs: list[list[Any]] = []  # [status, from date, first version, last version, to date]
    for version in versions:
        if version.kind is not PageKind.TRIAL or version.status is None:
            continue
        if runs and runs[-1][0] == version.status:
            runs[-1][3] = version.version
            continue
        if runs:
            runs[-1][4] = version.last_updated
        runs.append([version.status, version.last_updated, version.version, version.version, None])
    rows = []
    for ordinal, (status, start, first, last, end) in enumerate(runs):
        since, until = _day(start), _day(end)
        days = (until - since).days if since is not None and until is not None else None
        rows.append(
            (row_id(nct_id, "status_history", str(ordinal)), nct_id, ordinal, status,
             since, until, days, first, last)
        )  # fmt: skip
    return rows


def _day(text: str | None) -> datetime.date | None:
    """A full ISO date; None for a date without its day (no duration can be counted)."""
    if text is None or len(text) != 10:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
