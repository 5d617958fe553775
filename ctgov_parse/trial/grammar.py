"""The trial page's grammar: its sections (heading, helper sentence) in page order, its
labels and its label-and-value lines, read by its extractors and its renderer alike.

Source: ``FORMAT.md`` (the page format note) and the user's seed page; where the note only
gives the beginning of a helper sentence, the full sentence here is ours and the parser
accepts any sentence that begins like it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ctgov_parse.model import ResultsStatus
from ctgov_parse.page.grammar import (
    HEADER_LAST_UPDATED,
    HEADER_NCT_ID,
    RELATED_TRIALS,
    SectionSpec,
)

# --- sections -------------------------------------------------------------------------------

# Study Results' status line, which stands between its heading and its helper sentence.
RESULTS_PENDING = "Results pending"
RESULTS_AVAILABLE = "Results available"
# The Study Results helper when results are posted (its spec holds the "pending" one).
RESULTS_AVAILABLE_HELPER = (
    "Outcome measurements, participant flow, baseline characteristics, and adverse events have"
    " been published for this study."
)

# Trial-page sections in page order. "header" (title, NCT ID, Last Updated) has no heading.
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "study_results",
        ("Study Results",),
        "The study team has not published outcome measurements, participant flow, or safety"
        " data for this trial yet. Check back later for updates.",
        ("The study team has not published", "Outcome measurements, participant flow"),
        frozenset({RESULTS_PENDING, RESULTS_AVAILABLE}),
        (RESULTS_AVAILABLE_HELPER,),
    ),
    SectionSpec(
        "basic_information",
        ("Basic Information",),
        "Get a concise snapshot of the trial, including recruitment status, study phase,"
        " enrollment targets, and key timeline milestones.",
        ("Get a concise snapshot of the trial",),
    ),
    SectionSpec(
        "brief_summary",
        ("Brief Summary",),
        "Review the sponsor-provided synopsis that highlights what the study is about and why"
        " it is being conducted.",
        ("Review the sponsor-provided synopsis",),
    ),
    SectionSpec(
        "detailed_description",
        ("Detailed Description",),
        "Dive into the extended narrative that explains the scientific background, objectives,"
        " and procedures in greater depth.",
        ("Dive into the extended narrative",),
    ),
    SectionSpec(
        "conditions",
        ("Conditions",),
        "See the medical conditions and disease areas that this research is targeting or"
        " investigating.",
        ("See the medical conditions and disease areas",),
    ),
    SectionSpec(
        "keywords",
        ("Keywords",),
        "Explore important study keywords that help describe the focus of this trial.",
        ("Explore important study keywords",),
    ),
    SectionSpec(
        "study_design",
        ("Study Design",),
        "Understand how the trial is structured, including allocation methods, masking"
        " strategies, primary purpose, and other design elements.",
        ("Understand how the trial is structured",),
    ),
    SectionSpec(
        "study_groups",
        ("Study Groups",),
        "Review each arm or cohort in the study, along with the interventions and objectives"
        " associated with them.",
        ("Review each arm or cohort in the study",),
    ),
    SectionSpec(
        "interventions",
        ("Interventions",),
        "Learn about the drugs, procedures, or behavioral strategies being tested and how they"
        " are applied within this trial.",
        ("Learn about the drugs, procedures, or behavioral strategies",),
    ),
    SectionSpec(
        "eligibility",
        ("Eligibility Criteria",),
        "Check the participation requirements, including inclusion and exclusion rules, age"
        " limits, and whether healthy volunteers are accepted.",
        ("Check the participation requirements",),
    ),
    SectionSpec(
        "sponsors",
        ("Sponsors",),
        "Meet the organizations funding or collaborating on the study and learn about their roles.",
        ("Meet the organizations funding or collaborating",),
    ),
    SectionSpec(
        "responsible_party",
        ("Responsible Party",),
        "Identify the individual or organization who holds primary responsibility for the"
        " study information submitted to regulators.",
        ("Identify the individual or organization",),
    ),
    SectionSpec(
        "locations",
        ("Locations",),
        "Explore where the study is taking place and check the recruitment status at each"
        " participating site.",
        ("Explore where the study is taking place",),
    ),
    SectionSpec(
        "countries",
        ("Countries",),
        "Review the countries where the study has at least one active or historical site.",
        ("Review the countries where the study has",),
    ),
    SectionSpec(
        "central_contacts",
        ("Central Contacts",),
        "Reach out to these primary contacts for questions about participation or study logistics.",
        ("Reach out to these primary contacts",),
    ),
    SectionSpec(
        "facility_contacts",
        ("Facility Contacts",),
        "Find local site contact details for specific facilities participating in the trial.",
        ("Find local site contact details",),
    ),
    SectionSpec(
        "other_identifiers",
        ("Other Identifiers",),
        "Review additional registry numbers or institutional identifiers associated with this"
        " trial.",
        ("Review additional registry numbers",),
    ),
    RELATED_TRIALS,
)

SECTION_BY_NAME: Mapping[str, SectionSpec] = {spec.name: spec for spec in SECTIONS}

# Compact scrapes put the related trials right after the summary, under the other heading.
COMPACT_RELATED_HEADING = "Related Clinical Trials"
COMPACT_RELATED_HELPER = RELATED_TRIALS.other_helpers[0]
SECTION_ORDER: Mapping[str, tuple[str, ...]] = {
    "labelled": tuple(spec.name for spec in SECTIONS),
    "compact": (
        *(spec.name for spec in SECTIONS[: SECTIONS.index(SECTION_BY_NAME["brief_summary"]) + 1]),
        "related_trials",
        *(
            spec.name
            for spec in SECTIONS[SECTIONS.index(SECTION_BY_NAME["brief_summary"]) + 1 :]
            if spec.name != "related_trials"
        ),
    ),
}
# The section a complete page ends with, by the order its sections came in: the related
# trials close a labelled page; a compact page closes with the identifiers (every
# registration has its organization's study id).
LAST_SECTION: Mapping[str, str] = {"labelled": "related_trials", "compact": "other_identifiers"}
SECTION_BY_HEADING: Mapping[str, SectionSpec] = {
    heading: spec for spec in SECTIONS for heading in spec.headings
}

# --- labels ---------------------------------------------------------------------------------

VIEW_FULL_RESULTS = "View full results"
# The helper sentence tells pending from available on its own (the compact shape drops the
# status line): keyed by the beginning of each helper.
RESULTS_STATUS_BY_HELPER: Mapping[str, ResultsStatus] = {
    "The study team has not published": ResultsStatus.PENDING,
    "Outcome measurements, participant flow": ResultsStatus.AVAILABLE,
}
DESIGN_TEXT_AFTER: Mapping[str, str] = {
    "intervention_model": "intervention_model_description",
    "masking": "masking_description",
}
# Label-and-value-on-one-line prefixes.
GROUP_TYPE = "Group Type "
INTERVENTION_TYPE = "Intervention Type "
NO_INTERVENTIONS = "No interventions assigned to this group"
SPONSOR_ROLE = "Sponsor Role "
RESPONSIBILITY_ROLE = "Responsibility Role "
SITE_STATUS = "Site Status "
CONTACT_ROLE = "Role: "
IDENTIFIER_TYPE = "Identifier Type: "
IDENTIFIER_SOURCE = "Identifier Source: "
IDENTIFIER_NO_TYPE = "-"
# Every "Label value" prefix, for tools that account for page lines.
INLINE_LABELS: tuple[str, ...] = (
    HEADER_NCT_ID + " ",
    HEADER_LAST_UPDATED + " ",
    GROUP_TYPE,
    INTERVENTION_TYPE,
    SPONSOR_ROLE,
    RESPONSIBILITY_ROLE,
    SITE_STATUS,
    CONTACT_ROLE,
    IDENTIFIER_TYPE,
    IDENTIFIER_SOURCE,
)
