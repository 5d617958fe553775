"""How a page's kind is told (``ctgov_parse.kinds``): this site's pages by their marks, and
other sites' pages (made-up content in the shapes seen on other registry mirrors) read as
``unsupported``: their NCT id, nothing guessed, every line kept and written back."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import ctgov_parse
from ctgov_parse import kinds
from ctgov_parse.model import PageKind, Trial
from ctgov_parse.page.split import clean_lines
from tests.conftest import fixture_pages

OTHER_SITES = Path(__file__).parent / "other_sites"
# The id each page names first (the aggregator's title line names it before a related one).
OTHER_IDS = {
    "aggregator_id_in_title": "NCT02987654",
    "alternate_lines": "NCT03990011",
    "classic_colon_labels": "NCT04411223",
    "label_space_value": "NCT05566778",
    "markdown_bold_labels": "NCT04123987",
}
OTHER_PAGES = sorted(OTHER_SITES.glob("*.txt"))


def test_every_other_site_page_has_its_expected_id() -> None:
    assert sorted(page.stem for page in OTHER_PAGES) == sorted(OTHER_IDS)


@pytest.mark.parametrize("page", OTHER_PAGES, ids=[p.stem for p in OTHER_PAGES])
def test_another_sites_page_gives_its_id_and_nothing_guessed(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    trial = ctgov_parse.parse(text)
    assert trial.page_kind is PageKind.UNSUPPORTED
    assert [d.code for d in trial.diagnostics] == ["unsupported-page"]
    assert trial.diagnostics[0].line == 1
    # Every field but the id at its default: no title, status, conditions, design...
    content = attrs.evolve(trial, unparsed=(), diagnostics=())
    assert content == Trial(nct_id=OTHER_IDS[page.stem])
    kept = [(line.number, line.text) for line in trial.unparsed]
    assert kept == [(n, line) for n, line in enumerate(clean_lines(text), 1) if line.strip()]


@pytest.mark.parametrize("page", OTHER_PAGES, ids=[p.stem for p in OTHER_PAGES])
def test_another_sites_page_is_written_back_as_it_was(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    trial = ctgov_parse.parse(text)
    assert ctgov_parse.render(trial) == text.rstrip("\n")
    assert ctgov_parse.parse(ctgov_parse.render(trial)) == trial


@pytest.mark.parametrize("page", OTHER_PAGES[:1], ids=[p.stem for p in OTHER_PAGES[:1]])
def test_strict_parsing_refuses_another_sites_page(page: Path) -> None:
    with pytest.raises(ctgov_parse.ParseError) as raised:
        ctgov_parse.parse(page.read_text(encoding="utf-8"), strict=True)
    assert raised.value.code == "unsupported-page"


def test_a_page_with_no_id_anywhere_says_so() -> None:
    trial = ctgov_parse.parse("Some portal\n\nA study of sleep\n")
    assert trial.page_kind is PageKind.UNSUPPORTED and trial.nct_id is None
    assert "names no NCT id" in trial.diagnostics[0].message


@pytest.mark.parametrize("page", fixture_pages(), ids=[p.stem for p in fixture_pages()])
def test_none_of_this_sites_pages_is_unsupported(page: Path) -> None:
    trial = ctgov_parse.parse(page.read_bytes())
    assert trial.page_kind in (PageKind.TRIAL, PageKind.RESULTS)
    assert "unsupported-page" not in [d.code for d in trial.diagnostics]


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        pytest.param(
            "Trial Outcomes & Findings for A (NCT NCT01234567)", "results", id="results-title"
        ),
        pytest.param("A title\n\nNCT ID: NCT01234567", "trial", id="nct-id-line"),
        pytest.param("A title\nNCT ID: NCT0123", "trial", id="nct-id-line-cut"),
        pytest.param(
            "Study Results\nThe study team has not published outcome measurements.",
            "trial",
            id="compact-from-study-results",
        ),
        pytest.param(
            "Some text\nmore textBasic Information\nGet a concise snapshot of the trial.",
            "trial",
            id="glued-heading-and-helper",
        ),
        pytest.param(
            "Conditions\nAsthma\nDetailed Description\nText.", "unsupported", id="bare-headings"
        ),
        pytest.param("A\nB\nC\nD\nNCT ID: NCT01234567", "unsupported", id="nct-id-line-too-low"),
    ],
)
def test_a_pages_kind_is_told_by_its_marks(page: str, kind: str) -> None:
    told = kinds.kind_of(clean_lines(page))
    assert told.name == kind


def test_a_page_cut_after_its_marks_is_this_sites_and_cut() -> None:
    seed = (fixture_pages()[0].parent / "seed_NCT06788470.txt").read_text(encoding="utf-8")
    lines = seed.split("\n")
    for keep in (3, 10, 40):
        trial = ctgov_parse.parse("\n".join(lines[:keep]))
        assert trial.page_kind is PageKind.TRIAL
        assert "truncated" in [d.code for d in trial.diagnostics], keep
