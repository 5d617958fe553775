"""Exporters: plain data, JSON, JSON Lines, CSV rows."""

from __future__ import annotations

import io
import json

import ctgov_parse
from ctgov_parse.export import CSV_COLUMNS, csv_row, to_jsonl


def test_to_dict_is_plain_json_data(seed_text: str) -> None:
    trial = ctgov_parse.parse(seed_text)
    data = trial.to_dict()
    assert json.loads(ctgov_parse.to_json(trial)) == data
    assert json.loads(json.dumps(data)) == data  # only JSON types
    assert data["start_date"] == "2024-08-09"
    assert data["eligibility"]["minimum_age"] == {"value": 36, "unit": "WEEKS"}
    assert "line" not in data["arms"][0]  # positions are not content
    assert "raw" not in data and "extras" not in data  # shown only when they hold something
    assert data["arms"][0]["raw"] == {"description": trial.arms[0].raw["description"]}


def test_diagnostics_keep_their_line() -> None:
    data = ctgov_parse.parse(
        "Title only\n\nKeywords\n\nExplore important study keywords."
    ).to_dict()
    assert data["diagnostics"][0] == {
        "code": "missing-nct-id",
        "message": "the page has no NCT ID line",
        "line": 1,
        "level": "ERROR",
        "section": None,
        "field": None,
        "page": "TRIAL",
    }


def test_jsonl_writes_one_object_a_line(seed_text: str) -> None:
    stream = io.StringIO()
    trials = [ctgov_parse.parse(seed_text), ctgov_parse.parse("x")]
    assert to_jsonl(trials, stream) == 2
    lines = stream.getvalue().splitlines()
    assert [json.loads(line)["nct_id"] for line in lines] == ["NCT06788470", None]


def test_csv_row(seed_text: str) -> None:
    row = csv_row(ctgov_parse.parse(seed_text))
    assert tuple(row) == CSV_COLUMNS
    assert row["phases"] == "PHASE1|PHASE2"
    assert row["maximum_age"] == ""
    assert (row["lead_sponsor_class"], row["site_count"], row["healthy_volunteers"]) == (
        "OTHER",
        1,
        False,
    )
