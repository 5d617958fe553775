"""A deterministic benchmark corpus: the fixture pages plus pages rendered from Trials built
with a fixed random seed, in both shapes, sized like real pages (5 to 30 KB; some with 200
sites and 60 criteria)."""

from __future__ import annotations

import random
from pathlib import Path

from ctgov_parse import render
from ctgov_parse.model import (
    Age,
    AgencyClass,
    AgeUnit,
    Allocation,
    Arm,
    ArmIntervention,
    ArmType,
    Contact,
    ContactRole,
    Design,
    Eligibility,
    FacilityContactRole,
    Identifier,
    Intervention,
    InterventionModel,
    InterventionType,
    Location,
    Masking,
    PartialDate,
    Phase,
    PrimaryPurpose,
    ResponsibleParty,
    ResponsiblePartyType,
    ResultsStatus,
    Sex,
    Sponsor,
    SponsorRole,
    Status,
    StudyType,
    Trial,
)
from ctgov_parse.normalize import split_criteria

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "patients",
    "with",
    "advanced",
    "disease",
    "receive",
    "daily",
    "oral",
    "treatment",
    "for",
    "twelve",
    "weeks",
    "and",
    "are",
    "followed",
    "for",
    "safety",
    "efficacy",
    "quality",
    "of",
    "life",
    "biomarkers",
    "imaging",
    "response",
    "survival",
    "randomized",
    "double",
    "blind",
    "placebo",
    "controlled",
    "multicenter",
    "study",
    "in",
    "adults",
    "children",
    "dose",
    "escalation",
    "pharmacokinetics",
    "tolerability",
    "≥",
    "±",
    "°",
    "µg/kg",
]
CITIES = [("Boston", "Massachusetts", "United States"), ("Lyon", None, "France"),
          ("Hangzhou", "Zhejiang", "China"), ("Seoul", None, "Korea, Republic of"),
          ("São Paulo", "SP", "Brazil"), ("Oslo", None, "Norway")]  # fmt: skip


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return "the " + " ".join(words) + "."


def _text(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(_sentence(rng, 20, 60) for _ in range(paragraphs))


def _date(rng: random.Random) -> PartialDate:
    return PartialDate(
        year=rng.randint(2005, 2030),
        month=rng.randint(1, 12),
        day=rng.choice([None, rng.randint(1, 28)]),
    )


def make_trial(rng: random.Random, *, sites: int, criteria: int) -> Trial:
    interventions = tuple(
        Intervention(
            name=f"drug {i} {rng.choice(WORDS)}",
            type=rng.choice(list(InterventionType)),
            description=_sentence(rng, 8, 30),
        )
        for i in range(rng.randint(1, 4))
    )
    arms = tuple(
        Arm(
            label=f"arm {i} {rng.choice(WORDS)}",
            type=rng.choice(list(ArmType)),
            description=_sentence(rng, 10, 40),
            interventions=tuple(
                ArmIntervention(name=x.name, type=x.type, description=x.description)
                for x in rng.sample(interventions, rng.randint(1, len(interventions)))
            ),
        )
        for i in range(rng.randint(1, 4))
    )
    half = max(1, criteria // 2)
    page = "Inclusion Criteria:\n\n" + "\n".join(f"* {_sentence(rng, 5, 25)}" for _ in range(half))
    page += "\n\nExclusion Criteria:\n\n" + "\n".join(
        f"* {_sentence(rng, 5, 25)}" for _ in range(criteria - half)
    )
    inclusion, exclusion = split_criteria(list(enumerate(page.split("\n"), start=1)))
    places = [rng.choice(CITIES) for _ in range(sites)]
    return Trial(
        nct_id=f"NCT{rng.randint(0, 99_999_999):08d}",
        title=_sentence(rng, 8, 20)[:-1],
        last_updated=_date(rng),
        results_status=rng.choice(list(ResultsStatus)),
        status=rng.choice(list(Status)),
        phases=rng.choice([(Phase.PHASE1, Phase.PHASE2), (Phase.PHASE3,), (Phase.NA,)]),
        enrollment=rng.randint(10, 5000),
        study_type=StudyType.INTERVENTIONAL,
        start_date=_date(rng),
        completion_date=_date(rng),
        brief_summary=_text(rng, rng.randint(1, 3)),
        detailed_description=_text(rng, rng.randint(0, 5)) or None,
        conditions=tuple(_sentence(rng, 1, 3)[:-1] for _ in range(rng.randint(1, 4))),
        keywords=tuple(rng.choice(WORDS) for _ in range(rng.randint(0, 6))),
        design=Design(allocation=Allocation.RANDOMIZED, intervention_model=InterventionModel.PARALLEL,
                      primary_purpose=PrimaryPurpose.TREATMENT, masking=Masking.DOUBLE),
        arms=arms,
        interventions=interventions,
        eligibility=Eligibility(inclusion=inclusion, exclusion=exclusion, criteria_text=page,
                                minimum_age=Age(value=18, unit=AgeUnit.YEARS), sex=Sex.ALL,
                                healthy_volunteers=False),
        sponsors=(Sponsor(name="University " + rng.choice(WORDS), agency_class=AgencyClass.OTHER, role=SponsorRole.LEAD),),
        responsible_party=ResponsibleParty(type=ResponsiblePartyType.SPONSOR),
        locations=tuple(
            Location(facility=f"hospital {i} {rng.choice(WORDS)}", city=c, state=s, country=k, status=Status.RECRUITING)
            for i, (c, s, k) in enumerate(places)
        ),
        countries=tuple(dict.fromkeys(k for _, _, k in places)),
        central_contacts=(Contact(name="a contact, MD", role=ContactRole.CONTACT, phone="555-0100", email="a@example.org"),),
        facility_contacts=(Contact(name="b contact", role=FacilityContactRole.PRIMARY, phone="555-0101"),),
        identifiers=(Identifier(id=f"ID-{rng.randint(1, 9999)}", source="org_study_id"),),
    )  # fmt: skip


def pages(count: int, *, seed: int = 20261124) -> list[str]:
    """``count`` generated pages (both shapes) after the fixture pages."""
    rng = random.Random(seed)
    corpus = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").glob("*.txt"))]
    while len(corpus) < count:
        big = rng.random() < 0.05
        trial = make_trial(
            rng,
            sites=200 if big else rng.randint(1, 12),
            criteria=60 if big else rng.randint(4, 25),
        )
        corpus.append(render(trial, shape="compact" if rng.random() < 0.25 else "labelled"))
    return corpus[:count]
