"""``diff``: what changed between two versions of a study, by field, matched by identity.

The versions are the seed page as our user scraped it, edited as a registry record changes
over time (each edit written out below), and small API v2 studies for the outcomes, which a
trial page does not carry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import ctgov_parse
from ctgov_parse import Change, ChangeKind, Topic, diff
from ctgov_parse.model import PageShape, Status, Trial
from tests import strategies
from tests.conftest import EXAMPLE_SEED, FIXTURES
from tests.test_cli import run

SEED = EXAMPLE_SEED.read_text(encoding="utf-8")
HOSPITAL = "The Children's Hospital of Zhejiang University School of Medicine"
SITE = f"protocolSection.contactsLocationsModule.locations[{HOSPITAL}|Hangzhou|China]"
NEW_SITE = "Kinderklinik Nord"
STATUS = "protocolSection.statusModule."


def _edit(page: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in page, old
        page = page.replace(old, new, 1)
    return page


# Version 2: no longer recruiting, the completion date moved (to a month), two more infants.
V2 = _edit(
    SEED,
    ("Last Updated: 2025-01-23", "Last Updated: 2025-09-30"),
    ("Recruitment Status\n\nRECRUITING", "Recruitment Status\n\nACTIVE_NOT_RECRUITING"),
    ("10 participants", "12 participants"),
    ("Study Completion Date\n\n2027-08-09", "Study Completion Date\n\n2027-12"),
    ("Site Status RECRUITING", "Site Status ACTIVE_NOT_RECRUITING"),
)
# Version 3: the completion date moved again (now to the day); a site in a new country, with
# its contact.
V3 = _edit(
    V2,
    ("Last Updated: 2025-09-30", "Last Updated: 2026-03-15"),
    ("Study Completion Date\n\n2027-12", "Study Completion Date\n\n2026-02-27"),
    (
        "Site Status ACTIVE_NOT_RECRUITING\n\n",
        "Site Status ACTIVE_NOT_RECRUITING\n\n"
        f"{NEW_SITE}\n\nHamburg, Germany\n\nSite Status ACTIVE_NOT_RECRUITING\n\n",
    ),
    ("China\n\nCentral Contacts", "China\n\nGermany\n\nCentral Contacts"),
    # the new site's contact, after the first site's (the page lists them in site order)
    ("0571-86670704\n\nOther Identifiers",
     "0571-86670704\n\nAnna Berg\n\nRole: primary\n\n040-5550123\n\nOther Identifiers"),
)  # fmt: skip
# Version 4: completed; the first site dropped, and its contact.
V4 = _edit(
    V3,
    ("Last Updated: 2026-03-15", "Last Updated: 2026-07-01"),
    ("Recruitment Status\n\nACTIVE_NOT_RECRUITING", "Recruitment Status\n\nCOMPLETED"),
    (f"{HOSPITAL}\n\nHangzhou, Zhejiang, China\n\nSite Status ACTIVE_NOT_RECRUITING\n\n", ""),
    ("Site Status ACTIVE_NOT_RECRUITING", "Site Status COMPLETED"),
    ("Ruoqiong Huang, Postdoc\n\nRole: primary\n\n0571-86670704\n\n", ""),
)


def _summary(changes: tuple[Change, ...]) -> list[tuple[str, str, str, Any, Any]]:
    return [(c.kind.value, c.topic.value, c.path, c.old, c.new) for c in changes]


def test_a_study_in_four_versions() -> None:
    v1, v2, v3, v4 = (ctgov_parse.parse(page) for page in (SEED, V2, V3, V4))
    assert _summary(diff(v1, v2)) == [
        ("changed", "dates", STATUS + "lastUpdatePostDateStruct.date", "2025-01-23", "2025-09-30"),
        ("changed", "status", STATUS + "overallStatus", "RECRUITING", "ACTIVE_NOT_RECRUITING"),
        # a change of precision as well: a day, then a month
        ("changed", "dates", STATUS + "completionDateStruct.date", "2027-08-09", "2027-12"),
        ("changed", "enrollment", "protocolSection.designModule.enrollmentInfo.count", 10, 12),
        # the site's status changed: one change of that site, not a removal and an addition
        ("changed", "sites", SITE + ".status", "RECRUITING", "ACTIVE_NOT_RECRUITING"),
    ]
    added = {
        "facility": NEW_SITE,
        "city": "Hamburg",
        "country": "Germany",
        "status": "ACTIVE_NOT_RECRUITING",
        "contacts": [{"name": "Anna Berg", "phone": "040-5550123"}],
    }
    # The new country of the Countries list is derived from the sites: not a change.
    assert _summary(diff(v2, v3)) == [
        ("changed", "dates", STATUS + "lastUpdatePostDateStruct.date", "2025-09-30", "2026-03-15"),
        ("changed", "dates", STATUS + "completionDateStruct.date", "2027-12", "2026-02-27"),
        ("added", "sites", f"protocolSection.contactsLocationsModule.locations[{NEW_SITE}|Hamburg"
         "|Germany]", None, added),
    ]  # fmt: skip
    dropped = {
        "facility": HOSPITAL,
        "city": "Hangzhou",
        "state": "Zhejiang",
        "country": "China",
        "status": "ACTIVE_NOT_RECRUITING",
        "contacts": [{"name": "Ruoqiong Huang, Postdoc", "phone": "0571-86670704"}],
    }
    new_site = f"protocolSection.contactsLocationsModule.locations[{NEW_SITE}|Hamburg|Germany]"
    assert _summary(diff(v3, v4)) == [
        ("changed", "dates", STATUS + "lastUpdatePostDateStruct.date", "2026-03-15", "2026-07-01"),
        ("changed", "status", STATUS + "overallStatus", "ACTIVE_NOT_RECRUITING", "COMPLETED"),
        ("removed", "sites", SITE, dropped, None),
        ("changed", "sites", new_site + ".status", "ACTIVE_NOT_RECRUITING", "COMPLETED"),
    ]


def test_the_example_later_version_is_current() -> None:
    # docs/history.md shows the command on it (regenerate it from V2 when this fails)
    later = EXAMPLE_SEED.parent / "history" / "NCT06788470-later.txt"
    assert later.read_text(encoding="utf-8") == V2


def test_what_is_not_the_study_is_no_change() -> None:
    trial = ctgov_parse.parse(SEED)
    # The same page drawn in the other shape, with its text wrapped otherwise: no change.
    compact = ctgov_parse.parse(ctgov_parse.render(trial, shape="compact"))
    assert compact.page_shape is not trial.page_shape
    assert diff(trial, compact) == ()
    spaced = _edit(
        SEED, ("in premature infants, in the hope", "in premature  infants,  in the hope")
    )
    assert diff(trial, ctgov_parse.parse(spaced)) == ()


def test_a_group_type_a_compact_scrape_lost_is_no_change() -> None:
    arms = ctgov_parse.parse((FIXTURES / "interventional_multi_arm.txt").read_text("utf-8"))
    typed = [arm for arm in arms.arms if arm.type is not None]
    assert typed
    untyped = attrs.evolve(
        arms,
        arms=tuple(attrs.evolve(arm, type=None, raw={}) for arm in arms.arms),
        page_shape=PageShape.COMPACT,
    )
    labelled = attrs.evolve(arms, page_shape=PageShape.LABELLED)
    assert diff(labelled, untyped) == ()
    assert diff(untyped, labelled) == ()
    # Where the labelled page lacks it, it is a change.
    changes = diff(attrs.evolve(untyped, page_shape=PageShape.LABELLED), labelled)
    assert {(c.kind, c.path.rsplit(".", 1)[1]) for c in changes} == {(ChangeKind.ADDED, "type")}


@given(strategies.trials())
def test_a_record_against_itself_has_no_change(trial: Trial) -> None:
    assert diff(trial, trial) == ()


@given(strategies.trials(), st.sampled_from(list(Status)))
def test_one_field_changed_gives_that_path(trial: Trial, status: Status) -> None:
    changed = attrs.evolve(trial, status=status, raw={k: v for k, v in trial.raw.items()
                                                       if k != "status"})  # fmt: skip
    found = diff(trial, changed)
    if trial.status is status:
        assert found == ()
        return
    (change,) = found
    assert change.path == STATUS + "overallStatus"
    assert change.topic is Topic.STATUS
    assert change.new == status.value
    assert change.kind is (ChangeKind.ADDED if trial.status is None else ChangeKind.CHANGED)


def _study(primary: list[dict[str, str]], secondary: list[dict[str, str]]) -> Trial:
    return ctgov_parse.from_ctgov(
        {
            "protocolSection": {
                "identificationModule": {"nctId": "NCT01234567", "briefTitle": "A study"},
                "outcomesModule": {"primaryOutcomes": primary, "secondaryOutcomes": secondary},
            }
        }
    )


PAIN = {"measure": "Pain score at rest", "timeFrame": "12 weeks"}
SLEEP = {"measure": "Hours of sleep a night", "timeFrame": "12 weeks"}
MOOD = {"measure": "Mood questionnaire total", "timeFrame": "24 weeks"}
OUTCOMES = "protocolSection.outcomesModule."


def test_outcome_switching() -> None:
    before = _study([PAIN, SLEEP], [MOOD])
    reworded = {"measure": "Pain score at rest and on walking", "timeFrame": "12 weeks"}
    after = _study([reworded, MOOD], [SLEEP])
    assert _summary(diff(before, after)) == [
        # reworded: one change, under the outcome's old name
        ("switched", "outcomes", OUTCOMES + "primaryOutcomes[Pain score at rest].measure",
         PAIN["measure"], reworded["measure"]),
        # demoted to secondary, and promoted to primary
        ("switched", "outcomes", OUTCOMES + "primaryOutcomes[Hours of sleep a night]", SLEEP,
         {"secondaryOutcomes": SLEEP}),
        ("switched", "outcomes", OUTCOMES + "primaryOutcomes[Mood questionnaire total]",
         {"secondaryOutcomes": MOOD}, MOOD),
    ]  # fmt: skip
    moved = {**PAIN, "timeFrame": "24 weeks"}
    described = {**SLEEP, "description": "Self-reported, from a diary."}
    assert _summary(diff(before, _study([moved, described], [MOOD]))) == [
        ("switched", "outcomes", OUTCOMES + "primaryOutcomes[Pain score at rest].timeFrame",
         "12 weeks", "24 weeks"),
        # a description is no switching
        ("added", "outcomes", OUTCOMES + "primaryOutcomes[Hours of sleep a night].description",
         None, "Self-reported, from a diary."),
    ]  # fmt: skip
    assert _summary(diff(before, _study([PAIN], [MOOD]))) == [
        ("switched", "outcomes", OUTCOMES + "primaryOutcomes[Hours of sleep a night]", SLEEP, None)
    ]
    unrelated = {"measure": "Falls in the first year", "timeFrame": "1 year"}
    assert _summary(diff(before, _study([PAIN, SLEEP], [MOOD, unrelated]))) == [
        ("added", "outcomes", OUTCOMES + "secondaryOutcomes[Falls in the first year]", None,
         unrelated),
    ]  # fmt: skip


def test_results_outcomes_switch_by_type() -> None:
    page = (FIXTURES / "results_outcomes_analysis.txt").read_text(encoding="utf-8")
    trial = ctgov_parse.parse(page)
    assert trial.results is not None and trial.results.outcome_measures
    first = trial.results.outcome_measures[0]
    assert first.type is not None and first.type.value == "PRIMARY"
    demoted = attrs.evolve(first, type=type(first.type)["SECONDARY"])
    after = attrs.evolve(
        trial,
        results=attrs.evolve(
            trial.results, outcome_measures=(demoted, *trial.results.outcome_measures[1:])
        ),
    )
    (change,) = diff(trial, after)
    assert change.kind is ChangeKind.SWITCHED and change.topic is Topic.RESULTS
    assert change.path.endswith(f"outcomeMeasures[{first.title}].type")
    assert (change.old, change.new) == ("PRIMARY", "SECONDARY")


def test_not_the_same_study() -> None:
    other = _edit(SEED, ("NCT ID: NCT06788470", "NCT ID: NCT06788471"))
    try:
        diff(ctgov_parse.parse(SEED), ctgov_parse.parse(other))
    except ValueError as error:
        assert "NCT06788470 and NCT06788471" in str(error)
    else:
        raise AssertionError("two studies compared")


def test_the_command(tmp_path: Path) -> None:
    old, new = tmp_path / "january", tmp_path / "july"
    old.mkdir()
    new.mkdir()
    (old / "NCT06788470.txt").write_text(SEED, encoding="utf-8")
    (new / "NCT06788470.txt").write_text(V2, encoding="utf-8")
    other = _edit(SEED, ("NCT ID: NCT06788470", "NCT ID: NCT06788471"))
    (new / "NCT06788471.txt").write_text(other, encoding="utf-8")
    done = run("diff", str(old), str(new))
    assert done.returncode == 1
    text = done.stdout.decode()
    assert text.splitlines()[:4] == [
        "NCT06788470 (trial page)",
        "  dates",
        f'    changed {STATUS}lastUpdatePostDateStruct.date: "2025-01-23" -> "2025-09-30"',
        f'    changed {STATUS}completionDateStruct.date: "2027-08-09" -> "2027-12"',
    ]
    assert f'    changed {STATUS}overallStatus: "RECRUITING" -> "ACTIVE_NOT_RECRUITING"' in text
    assert text.splitlines()[-1] == f"NCT06788471 (trial page): only in {new}"
    lines = run("diff", str(old), str(new), "--format", "jsonl").stdout.decode().splitlines()
    found = [json.loads(line) for line in lines]
    assert [change.to_dict() for change in diff(ctgov_parse.parse(SEED), ctgov_parse.parse(V2))] \
        == [{k: v for k, v in line.items() if k not in ("nct_id", "page_kind")}
            for line in found[:-1]]  # fmt: skip
    assert found[-1] == {"nct_id": "NCT06788471", "page_kind": "trial", "only_in": "new"}
    same = run("diff", str(old), str(old))
    assert (same.returncode, same.stdout) == (0, b"")
    missing = run("diff", str(old), str(tmp_path / "august"))
    assert missing.returncode == 2
    assert f"no such file or directory: {tmp_path / 'august'}" in missing.stderr.decode()
