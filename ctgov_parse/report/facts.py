"""What the quality report keeps of one parsed page: a small, picklable summary made in the
worker process, so that only a few hundred bytes per page cross to the parent."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ctgov_parse.batch import PageSource
from ctgov_parse.model import Age, Trial

__all__ = ["FIELDS", "PROBLEM_CODES", "DiagnosticFact", "PageFacts", "page_facts"]


def _eligibility(trial: Trial, name: str) -> object:
    return getattr(trial.eligibility, name) if trial.eligibility is not None else None


def _result_part(name: str) -> Callable[[Trial], object]:
    return lambda trial: getattr(trial.results, name) if trial.results is not None else None


# The fields whose coverage is counted, in the order a page shows them; a field is present
# when its value is not None and not empty.
FIELDS: tuple[tuple[str, Callable[[Trial], object]], ...] = (
    ("nct_id", lambda t: t.nct_id),
    ("title", lambda t: t.title),
    ("last_updated", lambda t: t.last_updated),
    ("results_status", lambda t: t.results_status),
    ("status", lambda t: t.status),
    ("phases", lambda t: t.phases),
    ("enrollment", lambda t: t.enrollment),
    ("study_type", lambda t: t.study_type),
    ("start_date", lambda t: t.start_date),
    ("completion_date", lambda t: t.completion_date),
    ("brief_summary", lambda t: t.brief_summary),
    ("detailed_description", lambda t: t.detailed_description),
    ("conditions", lambda t: t.conditions),
    ("keywords", lambda t: t.keywords),
    ("design", lambda t: t.design),
    ("arms", lambda t: t.arms),
    ("interventions", lambda t: t.interventions),
    ("eligibility.criteria", lambda t: _eligibility(t, "criteria_text")),
    ("eligibility.minimum_age", lambda t: _eligibility(t, "minimum_age")),
    ("eligibility.maximum_age", lambda t: _eligibility(t, "maximum_age")),
    ("eligibility.sex", lambda t: _eligibility(t, "sex")),
    ("eligibility.healthy_volunteers", lambda t: _eligibility(t, "healthy_volunteers")),
    ("sponsors", lambda t: t.sponsors),
    ("responsible_party", lambda t: t.responsible_party),
    ("locations", lambda t: t.locations),
    ("central_contacts", lambda t: t.central_contacts),
    ("identifiers", lambda t: t.identifiers),
    ("results.overview", _result_part("overview")),
    ("results.participant_flow", _result_part("participant_flow")),
    ("results.baseline", _result_part("baseline")),
    ("results.outcome_measures", _result_part("outcome_measures")),
    ("results.adverse_events", _result_part("adverse_events")),
    ("results.more_info", _result_part("more_info")),
)

# The diagnostics that describe a page's shape rather than one of its values.
PROBLEM_CODES = ("truncated", "truncated-table", "glued-heading", "missing-heading")


@attrs.frozen(slots=True)
class DiagnosticFact:
    code: str
    level: str
    line: int | None
    message: str


@attrs.frozen(slots=True)
class PageFacts:
    """One page, as the report counts it."""

    source: PageSource
    kind: str
    shape: str
    present: frozenset[str]
    diagnostics: tuple[DiagnosticFact, ...]
    status: str | None
    phases: tuple[str, ...]
    study_type: str | None
    start_year: int | None
    enrollment: int | None
    minimum_age_years: float | None
    maximum_age_years: float | None


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str | tuple | list | dict):
        return bool(value)
    return True


def _years(age: Age | None) -> float | None:
    return float(age.years) if age is not None else None


def page_facts(trial: Trial, source: PageSource) -> PageFacts:
    """The report's summary of ``trial`` (a batch converter: it runs in the workers)."""
    eligibility = trial.eligibility
    return PageFacts(
        source=source,
        kind=trial.page_kind.value if trial.page_kind is not None else "UNKNOWN",
        shape=trial.page_shape.value if trial.page_shape is not None else "UNKNOWN",
        present=frozenset(name for name, value_of in FIELDS if _present(value_of(trial))),
        diagnostics=tuple(
            DiagnosticFact(d.code, d.level.value, d.line, d.message) for d in trial.diagnostics
        ),
        status=trial.status.value if trial.status is not None else None,
        phases=tuple(phase.value for phase in trial.phases),
        study_type=trial.study_type.value if trial.study_type is not None else None,
        start_year=trial.start_date.year if trial.start_date is not None else None,
        enrollment=trial.enrollment,
        minimum_age_years=_years(eligibility.minimum_age) if eligibility else None,
        maximum_age_years=_years(eligibility.maximum_age) if eligibility else None,
    )
