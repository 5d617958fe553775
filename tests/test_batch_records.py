"""Batches of the registry's own records: legacy ``.xml`` and API v2 ``.json`` files, loose,
in directories and in zips as the registry published them, mixed with pages; in parallel,
and through the command into a database."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

import ctgov_parse
from ctgov_parse import Failure, Parsed
from tests.conftest import EXAMPLE_SEED, ROOT
from tests.test_cli import run, summary

OWN = ROOT / "examples" / "legacy" / "NCT09000017.xml"


def _study_json() -> bytes:
    """An API v2 study of our own: the seed page's record in the API shape."""
    trial = ctgov_parse.parse(EXAMPLE_SEED.read_text(encoding="utf-8"))
    return json.dumps(ctgov_parse.to_ctgov(trial)).encode()


def _zip(path: Path) -> Path:
    """A dump as the registry published it: records in folders, and a listing."""
    xml = OWN.read_bytes()
    later = xml.replace(b'<enrollment type="Anticipated">60', b'<enrollment type="Actual">64')
    later = later.replace(b"February 28, 2019", b"June 3, 2019")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("NCT0900xxxx/NCT09000017.xml", xml)
        archive.writestr("later/NCT0900xxxx/NCT09000017.xml", later)
        archive.writestr("NCT0678xxxx/NCT06788470.json", _study_json())
        archive.writestr("NCT0900xxxx/NCT09000099.xml", b"<clinical_study><brief_title>cut")
        archive.writestr("Contents.txt", b"the listing the registry put in its zips")
        archive.writestr("notes/expected.json", b'{"not": "a study"}')
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_zip_read_member_by_member(tmp_path: Path, jobs: int) -> None:
    skipped: list[str] = []
    results = list(
        ctgov_parse.iter_parse(_zip(tmp_path / "dump.zip"), jobs=jobs, on_skip=skipped.append)
    )
    assert [r.source.key for r in results] == [
        "NCT0900xxxx/NCT09000017.xml",
        "later/NCT0900xxxx/NCT09000017.xml",
        "NCT0678xxxx/NCT06788470.json",
        "NCT0900xxxx/NCT09000099.xml",
    ]
    first, later, study, cut = results
    assert isinstance(first, Parsed) and isinstance(later, Parsed) and isinstance(study, Parsed)
    assert first.trial == ctgov_parse.from_ctgov_xml(OWN.read_bytes())
    assert (first.trial.enrollment, later.trial.enrollment) == (60, 64)
    assert study.trial.nct_id == "NCT06788470"
    assert isinstance(cut, Failure) and cut.error.code == "xml-malformed"  # the batch goes on
    assert [s.rsplit(": ", 1)[1] for s in skipped] == ["Contents.txt", "notes/expected.json"]
    changes = ctgov_parse.diff(first.trial, later.trial)
    assert ("protocolSection.designModule.enrollmentInfo.count", 60, 64) in {
        (c.path, c.old, c.new) for c in changes
    }


def test_mixed_inputs_in_one_run(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "NCT09000017.xml").write_bytes(OWN.read_bytes())
    (folder / "NCT06788470.json").write_bytes(_study_json())
    (folder / "seed.txt").write_text(EXAMPLE_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "seed.expected.json").write_text('{"nct_id": "NCT06788470"}', encoding="utf-8")
    skipped: list[str] = []
    results = list(ctgov_parse.iter_parse(folder, jobs=2, on_skip=skipped.append))
    assert [(Path(r.source.path or "").name, type(r).__name__) for r in results] == [
        ("NCT06788470.json", "Parsed"),
        ("NCT09000017.xml", "Parsed"),
        ("seed.txt", "Parsed"),
    ]
    assert skipped == [str(folder / "seed.expected.json")]


def test_a_record_over_the_limit_fails_before_it_is_parsed(tmp_path: Path) -> None:
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b"<clinical_study>" + b" " * 5000 + b"</clinical_study>")
        archive.writestr("b.xml", OWN.read_bytes())
    results = list(ctgov_parse.iter_parse(big, max_page_bytes=4096))
    assert isinstance(results[0], Failure) and results[0].error.code == "page-too-large"
    assert isinstance(results[1], Failure) and results[1].error.code == "page-too-large"
    results = list(ctgov_parse.iter_parse(big, max_page_bytes=1 << 20))
    assert [type(r).__name__ for r in results] == ["Parsed", "Parsed"]


def test_the_command_loads_a_zip_and_pages_into_one_database(tmp_path: Path) -> None:
    dump = _zip(tmp_path / "dump.zip")
    target = tmp_path / "trials.sqlite"
    done = run(str(dump), str(EXAMPLE_SEED), "--format", "sqlite", "-o", str(target))
    assert done.returncode == 1, done.stderr  # a record failed (the cut one); the rest loaded
    said = summary(done.stderr)
    assert said["failed"] == "1"
    # the seed's page and its API JSON say the same (one version); the record's two versions
    # differ in their date and enrollment (count and type)
    assert said["versions added to the history"] == "3 (3 changes)"
    with sqlite3.connect(target) as connection:
        versions = connection.execute(
            "SELECT nct_id, version, last_updated, source_key FROM study_versions"
            " ORDER BY nct_id, version"
        ).fetchall()
        enrollment = connection.execute(
            "SELECT enrollment FROM studies WHERE nct_id = 'NCT09000017'"
        ).fetchall()
    # the API JSON study and the page of the seed say the same: one version
    assert versions == [
        ("NCT06788470", 1, "2025-01-23", "NCT0678xxxx/NCT06788470.json"),
        ("NCT09000017", 1, "2019-02-28", "NCT0900xxxx/NCT09000017.xml"),
        ("NCT09000017", 2, "2019-06-03", "later/NCT0900xxxx/NCT09000017.xml"),
    ]
    assert enrollment == [(64,)]
    again = run(str(dump), str(EXAMPLE_SEED), "--format", "sqlite", "-o", str(target))
    assert summary(again.stderr)["versions added to the history"] == "0 (0 changes)"
