"""The kinds of value a field declaration names (``page.fields``): read from page text,
written back, and the page spelling kept only where the site writes the value otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from ctgov_parse.diagnose import Diagnostics
from ctgov_parse.model import Status
from ctgov_parse.page.fields import (
    AGE,
    DATE,
    ENROLLMENT,
    PHASES,
    TEXT,
    YES_NO,
    Field,
    ValueKind,
    field_text,
    store,
    token_of,
)
from ctgov_parse.page.read import Context


def _read(kind: ValueKind, text: str) -> tuple[Any, list[str]]:
    ctx = Context(Diagnostics(strict=False))
    return kind.read(ctx, text, 7, "field"), [d.code for d in ctx.report.found]


@pytest.mark.parametrize(
    ("kind", "text", "page_text", "spelled"),
    [
        pytest.param(token_of(Status), "RECRUITING", "RECRUITING", True, id="token"),
        pytest.param(token_of(Status), "Recruiting", "RECRUITING", False, id="token-plain-english"),
        pytest.param(PHASES, "PHASE1/PHASE2", "PHASE1/PHASE2", True, id="phases"),
        pytest.param(PHASES, "Phase 1/Phase 2", "PHASE1/PHASE2", False, id="phases-spelled"),
        pytest.param(ENROLLMENT, "120 participants", "120 participants", True, id="enrollment"),
        pytest.param(ENROLLMENT, "120", "120 participants", False, id="enrollment-bare"),
        pytest.param(DATE, "2024-08", "2024-08", True, id="date-month"),
        pytest.param(AGE, "36 Weeks", "36 Weeks", True, id="age"),
        pytest.param(YES_NO, "Yes", "Yes", True, id="yes"),
        pytest.param(YES_NO, "yes", "Yes", False, id="yes-lower-case"),
        pytest.param(TEXT, "a \\* b", "a * b", False, id="text-escape"),
    ],
)
def test_read_and_written_back(kind: ValueKind, text: str, page_text: str, spelled: bool) -> None:
    value, codes = _read(kind, text)
    assert codes == []
    assert kind.page_text(value) == page_text
    assert kind.spelled(value, text) is spelled


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        pytest.param(token_of(Status), "RECRUITNG", "unknown-value", id="token"),
        pytest.param(DATE, "someday", "bad-date", id="date"),
        pytest.param(ENROLLMENT, "many", "bad-enrollment", id="enrollment"),
    ],
)
def test_unreadable_text_is_reported_and_kept(kind: ValueKind, text: str, code: str) -> None:
    value, codes = _read(kind, text)
    assert (value, codes) == (None, [code])
    values: dict[str, Any] = {}
    raw: dict[str, str] = {}
    field = Field("status", "Label", kind)
    store(values, raw, field, value, text)
    assert (values, raw) == ({}, {"status": text})
    assert field_text(field, None, raw) == text  # written back as the page had it


def test_a_page_spelling_is_kept_beside_its_value() -> None:
    field = Field("status", "Recruitment Status", token_of(Status))
    values: dict[str, Any] = {}
    raw: dict[str, str] = {}
    store(values, raw, field, Status.RECRUITING, "Recruiting")
    assert (values, raw) == ({"status": Status.RECRUITING}, {"status": "Recruiting"})
    assert field_text(field, Status.RECRUITING, raw) == "Recruiting"
    assert field_text(field, Status.RECRUITING, {}) == "RECRUITING"
    assert field_text(Field("phases", "Phase", PHASES), (), {}) is None
