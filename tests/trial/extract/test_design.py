"""Study Design (``trial.extract.design``): the declared token fields, the free text after
the intervention model, the masked roles and masking description; and, without labels, the
tokens given to fields by their order and vocabulary."""

from __future__ import annotations

from ctgov_parse.model import StudyType
from tests.sections import SectionCase, cases, check_both_ways


@cases(
    SectionCase(
        id="interventional-with-descriptions-and-roles",
        section="study_design",
        labelled=[
            "Allocation Method", "", "RANDOMIZED", "",
            "Intervention Model", "", "CROSSOVER", "",
            "Each participant takes both diets in turn, four weeks apart.",
            "Primary Study Purpose", "", "PREVENTION", "",
            "Blinding Strategy", "", "DOUBLE", "",
            "Participants Outcome Assessors", "",
            "Meals are prepared off site in identical boxes.",
        ],
        compact=[
            "RANDOMIZED",
            "CROSSOVER",
            "Each participant takes both diets in turn, four weeks apart.",
            "PREVENTION",
            "DOUBLE",
            "Participants Outcome Assessors",
            "Meals are prepared off site in identical boxes.",
        ],
        record={
            "design": {
                "allocation": "RANDOMIZED",
                "intervention_model": "CROSSOVER",
                "intervention_model_description": (
                    "Each participant takes both diets in turn, four weeks apart."
                ),
                "primary_purpose": "PREVENTION",
                "masking": "DOUBLE",
                "who_masked": ["PARTICIPANT", "OUTCOMES_ASSESSOR"],
                "masking_description": "Meals are prepared off site in identical boxes.",
            }
        },
        given={"study_type": StudyType.INTERVENTIONAL},
    ),
    SectionCase(
        id="single-group-open-label",
        section="study_design",
        labelled=[
            "Allocation Method", "", "NA", "",
            "Intervention Model", "", "SINGLE_GROUP", "",
            "Primary Study Purpose", "", "SUPPORTIVE_CARE", "",
            "Blinding Strategy", "", "NONE",
        ],
        compact=["NA", "SINGLE_GROUP", "SUPPORTIVE_CARE", "NONE"],
        record={
            "design": {
                "allocation": "NA",
                "intervention_model": "SINGLE_GROUP",
                "primary_purpose": "SUPPORTIVE_CARE",
                "masking": "NONE",
            }
        },
        given={"study_type": StudyType.INTERVENTIONAL},
    ),
    SectionCase(
        id="masked-roles-in-the-registrys-other-spellings",
        section="study_design",
        labelled=[
            "Allocation Method", "", "RANDOMIZED", "",
            "Intervention Model", "", "PARALLEL", "",
            "Primary Study Purpose", "", "TREATMENT", "",
            "Blinding Strategy", "", "TRIPLE", "",
            "Subjects Caregivers Investigators",
        ],
        compact=["RANDOMIZED", "PARALLEL", "TREATMENT", "TRIPLE", "Subjects Caregivers Investigators"],
        record={
            "design": {
                "allocation": "RANDOMIZED",
                "intervention_model": "PARALLEL",
                "primary_purpose": "TREATMENT",
                "masking": "TRIPLE",
                "who_masked": ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR"],
                "raw": {"who_masked": "Subjects Caregivers Investigators"},
            }
        },
        given={"study_type": StudyType.INTERVENTIONAL},
    ),
    SectionCase(
        id="observational",
        section="study_design",
        labelled=[
            "Observational Model Type", "", "CASE_CONTROL", "",
            "Study Time Perspective", "", "RETROSPECTIVE",
        ],
        compact=["CASE_CONTROL", "RETROSPECTIVE"],
        record={"design": {"observational_model": "CASE_CONTROL", "time_perspective": "RETROSPECTIVE"}},
        given={"study_type": StudyType.OBSERVATIONAL},
    ),
)  # fmt: skip
def test_study_design_both_ways(case: SectionCase) -> None:
    check_both_ways(case)
