"""Study Groups and Interventions (``trial.extract.arms``): a group's label, description,
type and the interventions given to it; an intervention's name, description and type (in
the other order than inside a group)."""

from __future__ import annotations

from ctgov_parse.model import Intervention, InterventionType
from tests.sections import SectionCase, cases, check_both_ways

_SAUNA = Intervention(
    name="Sauna bathing",
    type=InterventionType.BEHAVIORAL,
    description="Four 20-minute sessions a week at 80 °C.",
)


@cases(
    SectionCase(
        id="groups-with-and-without-interventions",
        section="study_groups",
        labelled=[
            "Sauna", "",
            "Sauna bathing four times a week for 12 weeks.", "",
            "Group Type EXPERIMENTAL", "",
            "Sauna bathing", "",
            "Intervention Type BEHAVIORAL", "",
            "Four 20-minute sessions a week at 80 °C.", "",
            "Usual activity", "",
            "No change to daily routine.", "",
            "Group Type NO_INTERVENTION", "",
            "No interventions assigned to this group",
        ],
        compact=[
            "Sauna",
            "Sauna bathing four times a week for 12 weeks.",
            "Group Type EXPERIMENTAL",
            "Sauna bathing",
            "Intervention Type BEHAVIORAL",
            "Four 20-minute sessions a week at 80 °C.",
            "Usual activity",
            "No change to daily routine.",
            "Group Type NO_INTERVENTION",
            "No interventions assigned to this group",
        ],
        record={
            "arms": [
                {
                    "label": "Sauna",
                    "type": "EXPERIMENTAL",
                    "description": "Sauna bathing four times a week for 12 weeks.",
                    "interventions": [
                        {
                            "name": "Sauna bathing",
                            "type": "BEHAVIORAL",
                            "description": "Four 20-minute sessions a week at 80 °C.",
                        }
                    ],
                },
                {
                    "label": "Usual activity",
                    "type": "NO_INTERVENTION",
                    "description": "No change to daily routine.",
                },
            ]
        },
        given={"interventions": (_SAUNA,)},
    ),
    SectionCase(
        id="interventions",
        section="interventions",
        labelled=[
            "Sauna bathing", "",
            "Four 20-minute sessions a week at 80 °C.", "",
            "Intervention Type BEHAVIORAL", "",
            "Heart rate monitor", "",
            "Worn on the wrist during every session.", "",
            "Intervention Type DEVICE",
        ],
        compact=[
            "Sauna bathing",
            "Four 20-minute sessions a week at 80 °C.",
            "Intervention Type BEHAVIORAL",
            "Heart rate monitor",
            "Worn on the wrist during every session.",
            "Intervention Type DEVICE",
        ],
        record={
            "interventions": [
                {
                    "name": "Sauna bathing",
                    "type": "BEHAVIORAL",
                    "description": "Four 20-minute sessions a week at 80 °C.",
                },
                {
                    "name": "Heart rate monitor",
                    "type": "DEVICE",
                    "description": "Worn on the wrist during every session.",
                },
            ]
        },
    ),
)  # fmt: skip
def test_groups_and_interventions_both_ways(case: SectionCase) -> None:
    check_both_ways(case)
