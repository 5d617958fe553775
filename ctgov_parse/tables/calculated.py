"""``calculated_values``: facts derived from a study's pages, one row per study.

Each rule uses only what the pages say; where they do not say enough the value is null,
never a guess. The rules, as documented in ``docs/tables.md``:

- ``number_of_facilities``: the sites the trial page lists (0 when it lists none).
- ``number_of_countries``: distinct countries, from the Countries list and the sites.
- ``has_us_facility``, ``has_single_facility``: from the listed sites; null when none is
  listed (a page without sites says nothing about where the study runs).
- ``minimum_age_num`` / ``_unit`` / ``_years`` and the same for the maximum: the bound as
  written and in years (365.25-day years, months a twelfth of that); an absent bound is open
  on that side, so it is null, not zero.
- ``age_groups``: the registry's groups the age range reaches (``CHILD/ADULT/OLDER_ADULT``).
- ``enrollment``: the trial's enrollment.
- ``were_results_reported``: true when a results page was loaded or the trial page says
  results are available; false when the trial page says they are pending.
- ``months_to_report_results``: whole calendar months from the completion month to the
  month results were first posted; both dates need their month. It needs both pages, so the
  loaders compute it after each load from ``studies`` (``MONTHS_TO_REPORT_SQL``).
- ``number_of_sae_subjects`` / ``number_of_nsae_subjects``: participants affected by
  serious / other adverse events, summed over the groups; null when a group lacks its count.
"""

from __future__ import annotations

from typing import Any

from ctgov_parse.model import PageKind, ResultsStatus, Trial
from ctgov_parse.tables.schema import ColumnType, Owner, Page, Table, at, column, the_page

__all__ = ["CALCULATED_VALUES", "MONTHS_TO_REPORT_SQL", "months_between"]

TEXT, INTEGER, BOOLEAN, DOUBLE = (
    ColumnType.TEXT,
    ColumnType.INTEGER,
    ColumnType.BOOLEAN,
    ColumnType.DOUBLE,
)
_US = "United States"


def _trial_page(rule: Any) -> Any:
    """A rule over the trial page's fields: null from a results page, which lacks them."""
    return lambda page, trial: rule(trial) if page.has(PageKind.TRIAL) else None


def _results_page(rule: Any) -> Any:
    return lambda page, trial: rule(trial) if page.has(PageKind.RESULTS) else None


def _countries(trial: Trial) -> int:
    named = set(trial.countries)
    named.update(site.country for site in trial.locations if site.country)
    return len(named)


def _has_us(trial: Trial) -> bool | None:
    if not trial.locations:
        return None
    return any(site.country == _US for site in trial.locations)


def _single(trial: Trial) -> bool | None:
    return None if not trial.locations else len(trial.locations) == 1


def _age(bound: str, part: str) -> Any:
    def rule(trial: Trial) -> Any:
        age = None if trial.eligibility is None else getattr(trial.eligibility, f"{bound}_age")
        if age is None:
            return None
        if part == "num":
            return age.value
        if part == "unit":
            return age.unit.value
        return float(age.years)

    return _trial_page(rule)


def _reported(page: Page, trial: Trial) -> bool | None:
    if page.has(PageKind.RESULTS) and trial.results is not None:
        return True
    if trial.results_status is ResultsStatus.AVAILABLE:
        return True
    if trial.results_status is ResultsStatus.PENDING:
        return False
    return None


def months_between(completion: str | None, posted: str | None) -> int | None:
    """Whole calendar months between two ISO dates (``2024-08``), None without both months."""
    if completion is None or posted is None or len(completion) < 7 or len(posted) < 7:
        return None
    start = int(completion[:4]) * 12 + int(completion[5:7])
    end = int(posted[:4]) * 12 + int(posted[5:7])
    return end - start


def _month_index(name: str) -> str:
    return f"(CAST(substr({name}, 1, 4) AS INTEGER) * 12 + CAST(substr({name}, 6, 2) AS INTEGER))"


# The same rule as ``months_between``, over ``studies`` (portable: DuckDB, SQLite, PostgreSQL).
MONTHS_TO_REPORT_SQL = (
    "CASE WHEN length(s.completion_month_year) >= 7"
    " AND length(s.results_first_posted_month_year) >= 7 THEN "
    f"{_month_index('s.results_first_posted_month_year')}"
    f" - {_month_index('s.completion_month_year')} END"
)


def _months(page: Page, trial: Trial) -> int | None:
    overview = None if trial.results is None else trial.results.overview
    posted = None if overview is None else overview.results_posted
    completion = trial.completion_date
    return months_between(
        None if completion is None else completion.isoformat(),
        None if posted is None else posted.isoformat(),
    )


def _affected(kind: str) -> Any:
    def rule(trial: Trial) -> int | None:
        events = None if trial.results is None else trial.results.adverse_events
        if events is None or not events.groups:
            return None
        counts = [getattr(group, f"{kind}_affected") for group in events.groups]
        return None if None in counts else sum(counts)

    return _results_page(rule)


CALCULATED_VALUES = Table(
    name="calculated_values",
    page=None,
    one_per_study=True,
    description="Facts derived from the pages, one row per study; each rule is given below.",
    items=the_page,
    columns=(
        column("nct_id", TEXT, "the study's NCT number", lambda p, t: p.nct_id, nullable=False),
        column("number_of_facilities", INTEGER, "sites listed (0 when none is)",
               _trial_page(lambda t: len(t.locations))),
        column("number_of_countries", INTEGER, "distinct countries of the list and the sites",
               _trial_page(_countries)),
        column("has_us_facility", BOOLEAN, "a listed site is in the United States (null: no"
               " site listed)", _trial_page(_has_us)),
        column("has_single_facility", BOOLEAN, "exactly one site is listed (null: none)",
               _trial_page(_single)),
        column("minimum_age_num", INTEGER, "minimum age, the number as written (null: open)",
               _age("minimum", "num")),
        column("minimum_age_unit", TEXT, "its unit (`YEARS`, `MONTHS`, ...)",
               _age("minimum", "unit")),
        column("minimum_age_years", DOUBLE, "minimum age in years", _age("minimum", "years")),
        column("maximum_age_num", INTEGER, "maximum age, the number as written (null: open)",
               _age("maximum", "num")),
        column("maximum_age_unit", TEXT, "its unit", _age("maximum", "unit")),
        column("maximum_age_years", DOUBLE, "maximum age in years", _age("maximum", "years")),
        column("age_groups", TEXT, "age groups reached, `/`-joined (`ADULT/OLDER_ADULT`)",
               _trial_page(lambda t: "/".join(g.value for g in t.age_groups) or None)),
        column("enrollment", INTEGER, "the trial's enrollment", at("enrollment")),
        column("were_results_reported", BOOLEAN, "results were posted (see the rule)",
               _reported, owner=Owner.RESULTS),
        column("months_to_report_results", INTEGER, "completion month to results-posted month",
               _months, owner=Owner.RESULTS),
        column("number_of_sae_subjects", INTEGER, "participants with serious adverse events",
               _affected("serious"), owner=Owner.RESULTS),
        column("number_of_nsae_subjects", INTEGER, "participants with other adverse events",
               _affected("other"), owner=Owner.RESULTS),
    ),
)  # fmt: skip
