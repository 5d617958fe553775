"""Field extractors, one per section, chosen from a table keyed by section name.

Each extractor reads one ``Section`` and writes the Trial fields it owns into the page
``Context``; lines it cannot place go to ``ctx.keep`` (and so to ``Trial.unparsed``). The
table's order is the order of extraction: a section may read what an earlier one found
(Study Groups reads Interventions' descriptions, Responsible Party the lead sponsor).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ctgov_parse.page.read import Context
from ctgov_parse.page.readers import extract_related_trials
from ctgov_parse.page.split import Section
from ctgov_parse.trial.extract.arms import extract_interventions, extract_study_groups
from ctgov_parse.trial.extract.design import extract_study_design
from ctgov_parse.trial.extract.eligibility import extract_eligibility
from ctgov_parse.trial.extract.overview import (
    extract_basic_information,
    extract_header,
    extract_study_results,
)
from ctgov_parse.trial.extract.parties import (
    extract_central_contacts,
    extract_facility_contacts,
    extract_responsible_party,
    extract_sponsors,
)
from ctgov_parse.trial.extract.sites import extract_locations, extract_other_identifiers
from ctgov_parse.trial.extract.text import (
    extract_brief_summary,
    extract_conditions,
    extract_countries,
    extract_detailed_description,
    extract_keywords,
)

__all__ = ["EXTRACTORS", "Context"]

Extractor = Callable[[Section, Context], None]

EXTRACTORS: Mapping[str, Extractor] = {
    "header": extract_header,
    "study_results": extract_study_results,
    "basic_information": extract_basic_information,
    "brief_summary": extract_brief_summary,
    "detailed_description": extract_detailed_description,
    "conditions": extract_conditions,
    "keywords": extract_keywords,
    "study_design": extract_study_design,
    "interventions": extract_interventions,
    "study_groups": extract_study_groups,
    "eligibility": extract_eligibility,
    "sponsors": extract_sponsors,
    "responsible_party": extract_responsible_party,
    "countries": extract_countries,  # before Locations: it names countries with commas
    "locations": extract_locations,
    "central_contacts": extract_central_contacts,
    "facility_contacts": extract_facility_contacts,
    "other_identifiers": extract_other_identifiers,
    "related_trials": extract_related_trials,
}
