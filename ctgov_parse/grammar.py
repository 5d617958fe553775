"""The shared value vocabulary: the shapes and spellings of values on every kind of page
and in the registry's own data (dates, phases, ages, enrollment, tokens and their aliases,
criteria markers), read by the normalizers and by both page kinds.

A page kind's own grammar (its headings, helper sentences and labels) lives in its package
(``trial.grammar``, ``results.grammar``); the page engine's in ``page.grammar``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

import regex

from ctgov_parse.model import (
    Allocation,
    DispersionType,
    FacilityContactRole,
    InterventionModel,
    MaskedRole,
    Masking,
    Phase,
    PrimaryPurpose,
    ResponsiblePartyType,
    Sex,
    SponsorRole,
    Status,
    StudyType,
)

NCT_ID = re.compile(r"NCT\d{8}")

INCLUSION_HEADING = "Inclusion Criteria"
EXCLUSION_HEADING = "Exclusion Criteria"
CRITERIA_HEADING = regex.compile(
    r"(?i)(?:key\s+|main\s+|general\s+)?(?P<kind>inclusion|exclusion)\s+criteria\b\s*:?\s*(?P<rest>.*)"
)
# A criterion line: indentation, then a number/letter/roman marker or a bullet, then text.
CRITERION_MARKER = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]|\(\d{1,3}\)|[*\-•·+])"
    r"[ \t]+(?P<text>\S.*)"
)
INDENT_WIDTH = 2

# --- value shapes ---
# Patterns matched once per line or value use the standard library's engine: its per-call
# cost is about half the regex module's (measured: 240 vs 550 ns for a criterion line).

ISO_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
DATE_SUFFIX = regex.compile(r"\s*\((?:actual|anticipated|estimated|expected)\)\s*$", regex.I)
ENROLLMENT = re.compile(
    r"(?P<count>\d[\d,]*)(?:\s+(?:participants?|patients?|subjects?))?(?:\s+\((?:actual|anticipated|estimated)\))?",
    re.I,
)
AGE = re.compile(r"(?P<value>\d+)\s*(?P<unit>[A-Za-z]+)")
PHONE = re.compile(r"(?P<phone>[+(\d][\d\s().\-/+]*\d)(?:\s*(?:ext\.?|x)\s*(?P<ext>\S+))?", re.I)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# CommonMark: a backslash before any ASCII punctuation character escapes it.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

AGE_UNITS: Mapping[str, str] = {
    "year": "YEARS", "years": "YEARS", "yr": "YEARS", "yrs": "YEARS",
    "month": "MONTHS", "months": "MONTHS", "mo": "MONTHS",
    "week": "WEEKS", "weeks": "WEEKS", "wk": "WEEKS", "wks": "WEEKS",
    "day": "DAYS", "days": "DAYS",
    "hour": "HOURS", "hours": "HOURS", "hr": "HOURS", "hrs": "HOURS",
    "minute": "MINUTES", "minutes": "MINUTES", "min": "MINUTES", "mins": "MINUTES",
}  # fmt: skip
# Registry country names that contain a comma, so that "City, State, Korea, Republic of"
# splits right (the page's Countries section is consulted too).
COMMA_COUNTRIES: tuple[str, ...] = (
    "Korea, Republic of",
    "Korea, Democratic People's Republic of",
    "Iran, Islamic Republic of",
    "Congo, The Democratic Republic of the",
    "Moldova, Republic of",
    "Macedonia, The Former Yugoslav Republic of",
    "Micronesia, Federated States of",
    "Tanzania, United Republic of",
    "Virgin Islands, U.S.",
    "Virgin Islands, British",
    "Palestinian Territory, occupied",
    "Bolivia, Plurinational State of",
    "Venezuela, Bolivarian Republic of",
)
NOT_APPLICABLE = frozenset({"N/A", "NA", "n/a", "Not Applicable", "None", "none", ""})

BOOLEANS: Mapping[str, bool] = {"yes": True, "no": False, "true": True, "false": False}

# Phase parts after upper-casing and dropping "PHASE", spaces, underscores and hyphens.
PHASE_PARTS: Mapping[str, Phase] = {
    "EARLY1": Phase.EARLY_PHASE1, "EARLYI": Phase.EARLY_PHASE1, "0": Phase.EARLY_PHASE1,
    "1": Phase.PHASE1, "I": Phase.PHASE1,
    "2": Phase.PHASE2, "II": Phase.PHASE2,
    "3": Phase.PHASE3, "III": Phase.PHASE3,
    "4": Phase.PHASE4, "IV": Phase.PHASE4,
}  # fmt: skip
PHASE_NOT_APPLICABLE = frozenset({"NA", "N/A", "NOT APPLICABLE", "NOTAPPLICABLE"})
PHASE_SEPARATOR = regex.compile(r"\s*(?:/|,|\band\b|\|)\s*", regex.I)

# Plain-English and legacy spellings of registry tokens, keyed by the token form of the text
# (upper case, runs of other characters as one underscore).
TOKEN_ALIASES: Mapping[type[enum.Enum], Mapping[str, enum.Enum]] = {
    Status: {"UNKNOWN_STATUS": Status.UNKNOWN},
    StudyType: {
        "OBSERVATIONAL_PATIENT_REGISTRY": StudyType.OBSERVATIONAL,
        "EXPANDED": StudyType.EXPANDED_ACCESS,
    },
    Allocation: {
        "N_A": Allocation.NA,
        "NON_RANDOMISED": Allocation.NON_RANDOMIZED,
        "RANDOMISED": Allocation.RANDOMIZED,
    },
    InterventionModel: {
        "SINGLE_GROUP_ASSIGNMENT": InterventionModel.SINGLE_GROUP,
        "PARALLEL_ASSIGNMENT": InterventionModel.PARALLEL,
        "CROSSOVER_ASSIGNMENT": InterventionModel.CROSSOVER,
        "CROSS_OVER": InterventionModel.CROSSOVER,
        "FACTORIAL_ASSIGNMENT": InterventionModel.FACTORIAL,
        "SEQUENTIAL_ASSIGNMENT": InterventionModel.SEQUENTIAL,
    },
    PrimaryPurpose: {"EDUCATIONAL_COUNSELING_TRAINING": PrimaryPurpose.ECT},
    Masking: {"NONE_OPEN_LABEL": Masking.NONE, "OPEN_LABEL": Masking.NONE},
    MaskedRole: {
        "PARTICIPANTS": MaskedRole.PARTICIPANT,
        "SUBJECT": MaskedRole.PARTICIPANT,
        "SUBJECTS": MaskedRole.PARTICIPANT,
        "CAREGIVER": MaskedRole.CARE_PROVIDER,
        "CAREGIVERS": MaskedRole.CARE_PROVIDER,
        "CARE_PROVIDERS": MaskedRole.CARE_PROVIDER,
        "INVESTIGATORS": MaskedRole.INVESTIGATOR,
        "OUTCOME_ASSESSOR": MaskedRole.OUTCOMES_ASSESSOR,
        "OUTCOME_ASSESSORS": MaskedRole.OUTCOMES_ASSESSOR,
        "OUTCOMES_ASSESSORS": MaskedRole.OUTCOMES_ASSESSOR,
    },
    Sex: {"BOTH": Sex.ALL},
    ResponsiblePartyType: {"SPONSOR_INVESTIGATOR": ResponsiblePartyType.SPONSOR_INVESTIGATOR},
    # Outcome measures spell their dispersion in plain English ("95% Confidence Interval").
    DispersionType: {
        "80_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_80,
        "90_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_90,
        "95_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_95,
        "97_5_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_975,
        "99_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_99,
        "OTHER_CONFIDENCE_INTERVAL_LEVEL": DispersionType.CONFIDENCE_OTHER,
        "OTHER_CONFIDENCE_INTERVAL": DispersionType.CONFIDENCE_OTHER,
        "GEOMETRIC_COEFFICIENT_OF_VARIATION": DispersionType.GEOMETRIC_COEFFICIENT,
        "NOT_APPLICABLE": DispersionType.NA,
    },
}

# How the site spells a token on the page when it is not the token itself.
PAGE_SPELLING: Mapping[enum.Enum, str] = {
    SponsorRole.LEAD: "lead",
    SponsorRole.COLLABORATOR: "collaborator",
    FacilityContactRole.PRIMARY: "primary",
    FacilityContactRole.BACKUP: "backup",
    MaskedRole.PARTICIPANT: "Participants",
    MaskedRole.CARE_PROVIDER: "Care Providers",
    MaskedRole.INVESTIGATOR: "Investigators",
    MaskedRole.OUTCOMES_ASSESSOR: "Outcome Assessors",
}

# The masked-roles line is the roles' plain names run together ("Participants Outcome
# Assessors"), so it is read by scanning for these phrases.
# The registry's own spellings count too: the legacy records' "Subject" and "Caregiver"
# (in the singular or the plural, with or without a space or an underscore).
MASKED_ROLE_PHRASE = regex.compile(
    r"(?i)\b(?:(?P<PARTICIPANT>participants?|subjects?)"
    r"|(?P<CARE_PROVIDER>care[ _]?providers?|care[ _]?givers?)"
    r"|(?P<INVESTIGATOR>investigators?)|(?P<OUTCOMES_ASSESSOR>outcomes?[ _]?assessors?))\b"
)
MASKED_ROLE_SEPARATORS = regex.compile(r"[\s,;/&]+|\band\b", regex.I)


def page_spelling(value: enum.Enum) -> str:
    """How the site writes a normalized token on the page."""
    return PAGE_SPELLING.get(value, value.value)
