"""Batch parsing: dumps cut into pages, every source kind, order, isolation of bad pages."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

import ctgov_parse
from ctgov_parse import Failure, Parsed, iter_parse
from ctgov_parse.batch import _parse_chunk, _run_parallel, iter_pages
from ctgov_parse.dump import split_dump
from tests.conftest import fixture_pages

PAGES = [page.read_bytes().decode("utf-8") for page in fixture_pages()]


def dump_of(pages: list[str]) -> bytes:
    return "".join(page if page.endswith("\n") else page + "\n" for page in pages).encode()


def single(page: str) -> dict[str, object]:
    return ctgov_parse.parse(page).to_dict()


@pytest.mark.parametrize("block_size", [7, 64, 4096, 1 << 20])
def test_dump_is_cut_at_every_page(block_size: int) -> None:
    data = dump_of(PAGES * 3)
    chunks = list(split_dump(io.BytesIO(data), block_size=block_size))
    assert [c.data.decode() for c in chunks] == [
        p if p.endswith("\n") else p + "\n" for p in PAGES * 3
    ]
    lines = data.split(b"\n")
    for chunk in chunks:
        assert data[chunk.offset : chunk.offset + len(chunk.data)] == chunk.data
        first = chunk.data.split(b"\n", 1)[0]
        assert lines[chunk.line - 1] == first


def test_page_boundary_rules() -> None:
    compact = "Study Results\nResults pending\nBasic Information\nRECRUITING\n"
    titled = "A title\n\nNCT ID: NCT00000001\n\nStudy Results\n\nResults pending\n"
    results = "Trial Outcomes & Findings for T (NCT NCT00000002)\nNCT ID: NCT00000002\n"
    data = (titled + titled + compact + results + compact).encode()
    pages = [c.data.decode() for c in split_dump(io.BytesIO(data))]
    assert pages == [titled, titled, compact, results, compact]


def test_iter_parse_over_texts_keeps_order_and_equals_single_parses() -> None:
    results = list(iter_parse(PAGES))
    assert [r.source.index for r in results] == list(range(len(PAGES)))
    assert all(isinstance(r, Parsed) for r in results)
    assert [r.trial.to_dict() for r in results] == [single(p) for p in PAGES]


def test_bad_pages_fail_alone_with_their_position(tmp_path: Path) -> None:
    good = PAGES[:4]
    corrupt = PAGES[5].encode()[:300] + b"\x00\x01 binary" + PAGES[5].encode()[300:]
    data = dump_of(good[:2]) + corrupt + b"\n" + dump_of(good[2:])
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    results = list(iter_parse(path, strict=False))
    assert len(results) == 5
    failure = results[2]
    assert isinstance(failure, Failure)
    assert failure.error.code == "undecodable-input"
    assert failure.source.index == 2
    assert failure.source.offset == len(dump_of(good[:2]))
    assert failure.source.line == dump_of(good[:2]).count(b"\n") + 1
    assert failure.error.line == corrupt[:300].count(b"\n") + 1
    assert str(path) in str(failure.source)
    parsed = [r.trial.to_dict() for r in results if isinstance(r, Parsed)]
    assert parsed == [single(p) for p in good]


def test_strict_batch_reports_defective_pages() -> None:
    results = list(iter_parse(PAGES, strict=True))
    failed = {PAGES[r.source.index].split("\n", 1)[0] for r in results if not r.ok}
    lenient = [ctgov_parse.parse(p) for p in PAGES]
    expected = {
        p.split("\n", 1)[0]
        for p, t in zip(PAGES, lenient, strict=True)
        if any(d.level is not ctgov_parse.Level.INFO for d in t.diagnostics)
    }
    assert failed == expected and failed


def test_sources_of_every_kind(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(PAGES[0], encoding="utf-8")
    (tmp_path / "a" / "two.txt.gz").write_bytes(gzip.compress(dump_of(PAGES[1:3])))
    lines = [
        json.dumps({"text": PAGES[3], "url": "https://x/NCT1"}),
        json.dumps({"id": 7, "text": PAGES[4]}),
    ]
    (tmp_path / "a" / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "a" / "ignored.csv").write_text("x", encoding="utf-8")
    results = list(iter_parse(tmp_path / "a"))
    # sorted file names: more.jsonl, one.txt, two.txt.gz
    assert [r.trial.to_dict() for r in results] == [
        single(p) for p in [PAGES[3], PAGES[4], PAGES[0], PAGES[1], PAGES[2]]
    ]
    assert [r.source.key for r in results[:2]] == ["https://x/NCT1", "7"]
    assert [r.source.index for r in results] == [0, 1, 2, 3, 4]


def test_open_files_are_dumps() -> None:
    text = dump_of(PAGES[:3]).decode()
    for stream in (io.BytesIO(text.encode()), io.StringIO(text)):
        assert [r.trial.to_dict() for r in iter_parse(stream)] == [single(p) for p in PAGES[:3]]


def test_bad_json_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"text": PAGES[0]}),
                "{not json",
                json.dumps({"body": "x"}),
                json.dumps({"text": PAGES[1]}),
            ]
        ),
        encoding="utf-8",
    )
    results = list(iter_parse(path))
    assert [r.ok for r in results] == [True, False, False, True]
    assert [r.source.line for r in results] == [1, 2, 3, 4]
    assert {r.error.code for r in results if not r.ok} == {"bad-json-line"}


def test_two_jobs_equal_one_job() -> None:
    pages = PAGES * 5
    one = [(r.source, r.trial if r.ok else r.error.code) for r in iter_parse(pages, jobs=1)]
    two = [(r.source, r.trial if r.ok else r.error.code) for r in iter_parse(pages, jobs=2)]
    assert one == two


def crash_on_marker(chunk: list, strict: bool, convert: object) -> list:
    """A worker that dies (as a segfault would) on one page."""
    if any(isinstance(page, str) and "CRASH-HERE" in page for _, page in chunk):
        os._exit(1)
    return _parse_chunk(chunk, strict, convert)


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-worker", "two-workers"])
def test_a_dying_worker_fails_only_its_page(jobs: int) -> None:
    from ctgov_parse.batch import _chunks, _identity

    pages = [*PAGES[:5], "CRASH-HERE", *PAGES[5:9]]
    # Only the workers parse here (in_parent=False): this process would die with the page.
    outcomes = list(
        _run_parallel(
            _chunks(iter_pages(pages), 3),
            jobs,
            (False, _identity),
            worker=crash_on_marker,
            in_parent=False,
        )
    )
    assert [o.source.index for o in outcomes] == list(range(len(pages)))
    assert [o.error.code if o.error else "ok" for o in outcomes] == ["ok"] * 5 + [
        "worker-crashed"
    ] + ["ok"] * 4
    assert [o.value.to_dict() for o in outcomes if o.error is None] == [
        single(p) for p in PAGES[:9]
    ]


def test_jobs_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="jobs"):
        list(iter_parse(PAGES, jobs=-1))


def test_a_json_line_over_the_page_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    lines = [json.dumps({"url": f"u{n}", "text": page}) for n, page in enumerate(PAGES[:3])]
    huge = json.dumps({"url": "huge", "text": "x" * 50_000})
    path.write_text("\n".join([lines[0], huge, *lines[1:]]) + "\n", encoding="utf-8")
    results = list(iter_parse(path, max_page_bytes=20_000))
    assert [r.ok for r in results] == [True, False, True, True]
    failure = results[1]
    assert isinstance(failure, Failure)
    assert failure.error.code == "page-too-large"
    assert (failure.source.line, failure.source.offset) == (2, len(lines[0]) + 1)
    assert [r.source.key for r in results if isinstance(r, Parsed)] == ["u0", "u1", "u2"]


def test_pages_over_the_limit_fail_in_every_entry_point(tmp_path: Path) -> None:
    page = PAGES[0] + "\n" + "filler line\n" * 2_000
    size = len(page.encode())
    for text in (page, page.encode()):
        with pytest.raises(ctgov_parse.ParseError) as raised:
            ctgov_parse.parse(text, max_page_bytes=size - 1)
        assert raised.value.code == "page-too-large"
        assert ctgov_parse.parse(text, max_page_bytes=size).nct_id is not None
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(page.encode()))
    with pytest.raises(ctgov_parse.ParseError) as raised:
        ctgov_parse.parse_file(path, max_page_bytes=size - 1)
    assert raised.value.code == "page-too-large"
    (over,) = iter_parse([page], max_page_bytes=size - 1)
    assert isinstance(over, Failure) and over.error.code == "page-too-large"
    assert over.page == page.encode()
