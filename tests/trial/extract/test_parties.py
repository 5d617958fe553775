"""Sponsors, Responsible Party and both contact sections (``trial.extract.parties``)."""

from __future__ import annotations

from ctgov_parse.model import AgencyClass, Sponsor, SponsorRole
from tests.sections import SectionCase, cases, check_both_ways


@cases(
    SectionCase(
        id="lead-and-collaborator",
        section="sponsors",
        labelled=[
            "Lakeside Heart Institute", "", "OTHER", "", "Sponsor Role lead", "",
            "Northwind Devices", "", "INDUSTRY", "", "Sponsor Role collaborator",
        ],
        compact=[
            "Lakeside Heart Institute", "OTHER", "Sponsor Role lead",
            "Northwind Devices", "INDUSTRY", "Sponsor Role collaborator",
        ],
        record={
            "sponsors": [
                {"name": "Lakeside Heart Institute", "agency_class": "OTHER", "role": "LEAD"},
                {"name": "Northwind Devices", "agency_class": "INDUSTRY", "role": "COLLABORATOR"},
            ]
        },
    ),
    SectionCase(
        id="principal-investigator",
        section="responsible_party",
        labelled=[
            "Maria Lopez", "",
            "Associate Professor, Lakeside Heart Institute", "",
            "Responsibility Role PRINCIPAL_INVESTIGATOR",
        ],
        compact=[
            "Maria Lopez",
            "Associate Professor, Lakeside Heart Institute",
            "Responsibility Role PRINCIPAL_INVESTIGATOR",
        ],
        record={
            "responsible_party": {
                "type": "PRINCIPAL_INVESTIGATOR",
                "investigator_name": "Maria Lopez",
                "investigator_title": "Associate Professor",
                "investigator_affiliation": "Lakeside Heart Institute",
            }
        },
        given={
            "sponsors": (
                Sponsor(
                    name="Lakeside Heart Institute",
                    agency_class=AgencyClass.OTHER,
                    role=SponsorRole.LEAD,
                ),
            )
        },
    ),
    SectionCase(
        id="central-contacts",
        section="central_contacts",
        labelled=[
            "Maria Lopez, MD", "", "Role: PRINCIPAL_INVESTIGATOR", "",
            "+1 555 0100 ext 12", "", "m.lopez@example.org", "",
            "Study Desk", "", "Role: CONTACT", "", "desk@example.org",
        ],
        compact=[
            "Maria Lopez, MD", "Role: PRINCIPAL_INVESTIGATOR", "+1 555 0100 ext 12",
            "m.lopez@example.org", "Study Desk", "Role: CONTACT", "desk@example.org",
        ],
        record={
            "central_contacts": [
                {
                    "name": "Maria Lopez, MD",
                    "role": "PRINCIPAL_INVESTIGATOR",
                    "phone": "+1 555 0100",
                    "phone_ext": "12",
                    "email": "m.lopez@example.org",
                },
                {"name": "Study Desk", "role": "CONTACT", "email": "desk@example.org"},
            ]
        },
    ),
    SectionCase(
        id="facility-contacts",
        section="facility_contacts",
        labelled=[
            "Ann Berg, RN", "", "Role: primary", "", "+46 8 123 456", "",
            "Jon Berg", "", "Role: backup", "", "jon.berg@example.org",
        ],
        compact=[
            "Ann Berg, RN", "Role: primary", "+46 8 123 456",
            "Jon Berg", "Role: backup", "jon.berg@example.org",
        ],
        record={
            "facility_contacts": [
                {"name": "Ann Berg, RN", "role": "PRIMARY", "phone": "+46 8 123 456"},
                {"name": "Jon Berg", "role": "BACKUP", "email": "jon.berg@example.org"},
            ]
        },
    ),
)  # fmt: skip
def test_parties_both_ways(case: SectionCase) -> None:
    check_both_ways(case)
