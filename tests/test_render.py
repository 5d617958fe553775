"""The renderer against real pages: the seed and the canonical fixtures come back byte for
byte, and every fixture survives parse -> render -> parse."""

from __future__ import annotations

from pathlib import Path

import pytest

import ctgov_parse
from ctgov_parse.page.fields import labels
from ctgov_parse.page.split import clean_lines
from ctgov_parse.render import render
from ctgov_parse.trial import grammar
from ctgov_parse.trial.fields import BASIC_INFORMATION, DESIGN, ELIGIBILITY
from tests.conftest import FIXTURES, fixture_pages

# Fixtures written exactly as the site writes a page (the others are damaged or variant on
# purpose: compact, truncated, glued, CRLF, results page, sections missing or unknown).
CANONICAL = [
    "seed_NCT06788470",
    "interventional_multi_arm",
    "observational_cohort",
    "escapes_non_ascii",
    "long_criteria",
    "plain_english",
    "compact_unlabelled_design",
]
PAGES = fixture_pages()


def test_seed_comes_back_byte_for_byte(seed_text: str) -> None:
    assert render(ctgov_parse.parse(seed_text)) == seed_text.rstrip("\n")


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_fixture_comes_back(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    assert render(ctgov_parse.parse(text)) == text.rstrip("\n")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_survives_a_round_trip(page: Path) -> None:
    trial = ctgov_parse.parse(page.read_bytes())
    again = ctgov_parse.parse(render(trial))
    assert again == trial
    assert render(again) == render(trial)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_compact_rendering_has_no_blank_lines_or_labels(page: Path) -> None:
    trial = ctgov_parse.parse(page.read_bytes())
    compact = render(trial, shape="compact")
    lines = compact.split("\n")
    assert "" not in lines
    label_lines = {
        *labels(BASIC_INFORMATION).values(),
        *labels(DESIGN).values(),
        *labels(ELIGIBILITY).values(),
        grammar.RESULTS_PENDING,
        grammar.RESULTS_AVAILABLE,
    }
    assert label_lines.isdisjoint(lines)
    if trial.page_kind is ctgov_parse.PageKind.TRIAL:  # Related Clinical Trials come early
        related = lines.index(grammar.COMPACT_RELATED_HEADING)
        summary = lines.index(grammar.SECTION_BY_NAME["brief_summary"].headings[0])
        details = lines.index(grammar.SECTION_BY_NAME["detailed_description"].headings[0])
        assert summary < related < details
    again = ctgov_parse.parse(compact)
    assert (again.nct_id, again.status, again.phases) == (trial.nct_id, trial.status, trial.phases)
    assert again.sponsors == trial.sponsors
    assert again.locations == trial.locations


def test_raw_spellings_are_preferred() -> None:
    text = (FIXTURES / "plain_english.txt").read_text(encoding="utf-8")
    rendered = render(ctgov_parse.parse(text)).split("\n")
    assert "Active, not recruiting" in rendered
    assert "Phase 2/Phase 3" in rendered
    assert "Sep 30, 2026 (Anticipated)" in rendered


def test_canonical_spellings_without_raw() -> None:
    trial = ctgov_parse.parse((FIXTURES / "plain_english.txt").read_text(encoding="utf-8"))
    import attrs

    plain = attrs.evolve(trial, raw={})
    lines = render(plain).split("\n")
    assert "ACTIVE_NOT_RECRUITING" in lines
    assert "PHASE2/PHASE3" in lines
    assert "1200 participants" in lines


def test_unknown_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown shape"):
        render(ctgov_parse.Trial(), shape="wide")  # type: ignore[arg-type]


def test_clean_lines_match_render_line_endings() -> None:
    text = (FIXTURES / "crlf_bom_nbsp.txt").read_bytes().decode("utf-8")
    rendered = render(ctgov_parse.parse(text))
    assert "\r" not in rendered and "\ufeff" not in rendered
    assert clean_lines(rendered) == rendered.split("\n")
