"""Shared test helpers: where the fixtures and the shared folder are."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = Path(os.environ.get("CTGOV_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "NCT06788470.txt"
EXAMPLE_SEED = ROOT / "examples" / "NCT06788470.txt"

IN_CI = os.environ.get("CI") == "true"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with a reason on a user's machine; under CI=true a skip is a failure: CI
    provides every service the tests need (.ci/run)."""
    if IN_CI:
        pytest.fail(f"CI must run this test, but {reason}")
    pytest.skip(reason)


settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# A long local run to hunt for crashes: HYPOTHESIS_PROFILE=fuzz pytest tests/test_robustness.py
settings.register_profile("fuzz", max_examples=5000, deadline=None)
# CI sets CI=true: the same command then runs the larger profile.
_default_profile = "ci" if os.environ.get("CI") == "true" else "default"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default_profile))


def fixture_pages() -> list[Path]:
    return sorted(FIXTURES.glob("*.txt"))


# The real registry studies (API v2 JSON); tests that need them skip on a clone without
# ../shared.
SAMPLE = SHARED / "ctgov-sample"
STUDIES = sorted(SAMPLE.glob("NCT*.json")) if SAMPLE.is_dir() else []
needs_sample = pytest.mark.skipif(
    not STUDIES, reason=f"the real study sample is not here ({SAMPLE} is absent)"
)


@pytest.fixture(scope="session")
def seed_text() -> str:
    # The seed ships in examples/ too, so the seed tests run on a clone without ../shared.
    path = SEED if SEED.exists() else EXAMPLE_SEED
    return path.read_text(encoding="utf-8")


def _agreement_tables() -> dict[str, dict[Any, Counter[str]]]:
    from tests.test_compact import COMPACT_AGREEMENT
    from tests.test_ctgov import AGREEMENT
    from tests.test_results import RESULTS_AGREEMENT

    return {"api": AGREEMENT, "compact": COMPACT_AGREEMENT, "results": RESULTS_AGREEMENT}


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, a worker sends its agreement counts to the controller, which
    prints the tables (``pytest_testnodedown``)."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["agreement"] = json.dumps(
            {
                name: [
                    [list(key) if isinstance(key, tuple) else key, dict(counts)]
                    for key, counts in table.items()
                ]
                for name, table in _agreement_tables().items()
            }
        )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    sent = getattr(node, "workeroutput", {}).get("agreement")
    if not sent:
        return
    tables = _agreement_tables()
    for name, rows in json.loads(sent).items():
        for key, counts in rows:
            tables[name].setdefault(tuple(key) if isinstance(key, list) else key, Counter()).update(
                counts
            )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Per-field agreement of the real-sample round trip (tests/test_ctgov.py)."""
    tables = _agreement_tables()
    AGREEMENT, COMPACT_AGREEMENT, RESULTS_AGREEMENT = (
        tables["api"],
        tables["compact"],
        tables["results"],
    )
    if AGREEMENT:
        terminalreporter.section("API v2 sample: per-field agreement after a page round trip")
        for field in sorted(AGREEMENT):
            counts = AGREEMENT[field]
            total = counts["agree"] + counts["differ"]
            terminalreporter.write_line(
                f"{100 * counts['agree'] / total:6.1f}%  {total:4d}  {field}"
            )
    if COMPACT_AGREEMENT:
        terminalreporter.section("API v2 sample in the compact shape: values read back")
        totals: dict[str, int] = {}
        for field, counts in sorted(COMPACT_AGREEMENT.items()):
            for outcome, count in counts.items():
                totals[outcome] = totals.get(outcome, 0) + count
            terminalreporter.write_line(
                f"{field:32} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            )
        total = sum(totals.values())
        terminalreporter.write_line(
            f"all: {totals.get('agree', 0)}/{total} agree ({100 * totals.get('agree', 0) / total:.2f}%),"
            f" missing {totals.get('missing', 0)}, wrong {totals.get('wrong', 0)},"
            f" inferred-field {totals.get('inferred', 0)}"
        )
    if RESULTS_AGREEMENT:
        terminalreporter.section(
            "API v2 sample with results: resultsSection leaves after a results page"
        )
        overall: dict[str, int] = {"agree": 0, "differ": 0}
        for (shape, table, module), counts in sorted(RESULTS_AGREEMENT.items()):
            total = counts["agree"] + counts["differ"]
            overall["agree"] += counts["agree"]
            overall["differ"] += counts["differ"]
            terminalreporter.write_line(
                f"{100 * counts['agree'] / total:6.2f}%  {counts['agree']:4d}/{total:<4d}"
                f" {shape:9} {table:10} {module}"
            )
        total = overall["agree"] + overall["differ"]
        terminalreporter.write_line(
            f"all: {overall['agree']}/{total} ({100 * overall['agree'] / total:.2f}%)"
        )
