"""Locations and Other Identifiers (``trial.extract.sites``)."""

from __future__ import annotations

from tests.sections import SectionCase, cases, check_both_ways


@cases(
    SectionCase(
        id="sites-with-and-without-status",
        section="locations",
        labelled=[
            "Lakeside Heart Institute", "", "Duluth, Minnesota, United States", "",
            "Site Status RECRUITING", "",
            "Hospital de la Costa", "", "Valparaíso, Chile",
        ],
        compact=[
            "Lakeside Heart Institute", "Duluth, Minnesota, United States",
            "Site Status RECRUITING", "Hospital de la Costa", "Valparaíso, Chile",
        ],
        record={
            "locations": [
                {
                    "facility": "Lakeside Heart Institute",
                    "city": "Duluth",
                    "state": "Minnesota",
                    "country": "United States",
                    "status": "RECRUITING",
                },
                {"facility": "Hospital de la Costa", "city": "Valparaíso", "country": "Chile"},
            ]
        },
    ),
    SectionCase(
        id="identifiers",
        section="other_identifiers",
        labelled=[
            "LHI-2025-07", "", "Identifier Type: -", "", "Identifier Source: org_study_id", "",
            "R01HL000000", "", "Identifier Type: NIH", "", "Identifier Source: secondary_id",
        ],
        compact=[
            "LHI-2025-07", "Identifier Type: -", "Identifier Source: org_study_id",
            "R01HL000000", "Identifier Type: NIH", "Identifier Source: secondary_id",
        ],
        record={
            "identifiers": [
                {"id": "LHI-2025-07", "source": "org_study_id"},
                {"id": "R01HL000000", "type": "NIH", "source": "secondary_id"},
            ]
        },
    ),
)  # fmt: skip
def test_sites_both_ways(case: SectionCase) -> None:
    check_both_ways(case)
