"""The trial page's labelled fields, each declared once: its label, the kind of value it
holds, its API v2 path (under ``protocolSection``) and the record that holds it. The
extractors read these sections with ``page.fields.read_fields``, the renderer writes them
with ``page.fields.field_text``, and ``ctgov`` maps them both ways; all from here."""

from __future__ import annotations

from ctgov_parse.model import (
    Allocation,
    InterventionModel,
    Masking,
    ObservationalModel,
    PrimaryPurpose,
    Sex,
    Status,
    StudyType,
    TimePerspective,
)
from ctgov_parse.normalize import normalize_bool, normalize_phases
from ctgov_parse.page.fields import (
    AGE,
    DATE,
    ENROLLMENT,
    PHASES,
    YES_NO,
    Field,
    age_shape,
    iso_date_shape,
    participants_shape,
    token_of,
    token_shape,
)

__all__ = [
    "BASIC_INFORMATION",
    "DESIGN",
    "ELIGIBILITY",
    "INTERVENTIONAL_DESIGN",
    "OBSERVATIONAL_DESIGN",
]

# Basic Information, in page order: the Trial's own fields, each also known by its shape.
BASIC_INFORMATION: tuple[Field, ...] = (
    Field(
        "status",
        "Recruitment Status",
        token_of(Status),
        "statusModule.overallStatus",
        shape=token_shape(Status),
    ),
    Field("phases", "Clinical Phase", PHASES, "designModule.phases", shape=normalize_phases),
    Field(
        "enrollment",
        "Total Enrollment",
        ENROLLMENT,
        "designModule.enrollmentInfo.count",
        shape=participants_shape,
    ),
    Field(
        "study_type",
        "Study Classification",
        token_of(StudyType),
        "designModule.studyType",
        shape=token_shape(StudyType),
    ),
    Field(
        "start_date",
        "Study Start Date",
        DATE,
        "statusModule.startDateStruct.date",
        shape=iso_date_shape,
    ),
    Field(
        "completion_date",
        "Study Completion Date",
        DATE,
        "statusModule.completionDateStruct.date",
        shape=iso_date_shape,
    ),
)

_DESIGN_INFO = "designModule.designInfo"
# Study Design, in page order (an interventional study's four, then an observational one's).
DESIGN: tuple[Field, ...] = (
    Field(
        "allocation",
        "Allocation Method",
        token_of(Allocation),
        f"{_DESIGN_INFO}.allocation",
        record="design",
    ),
    Field(
        "intervention_model",
        "Intervention Model",
        token_of(InterventionModel),
        f"{_DESIGN_INFO}.interventionModel",
        record="design",
    ),
    Field(
        "primary_purpose",
        "Primary Study Purpose",
        token_of(PrimaryPurpose),
        f"{_DESIGN_INFO}.primaryPurpose",
        record="design",
    ),
    Field(
        "masking",
        "Blinding Strategy",
        token_of(Masking),
        f"{_DESIGN_INFO}.maskingInfo.masking",
        record="design",
    ),
    Field(
        "observational_model",
        "Observational Model Type",
        token_of(ObservationalModel),
        f"{_DESIGN_INFO}.observationalModel",
        record="design",
    ),
    Field(
        "time_perspective",
        "Study Time Perspective",
        token_of(TimePerspective),
        f"{_DESIGN_INFO}.timePerspective",
        record="design",
    ),
)

# Without its labels (compact scrapes) a design is read by position: the fields of its kind
# of study in this order, each optionally followed by free text (and masking by its
# masked-roles line).
INTERVENTIONAL_DESIGN: tuple[str, ...] = tuple(field.name for field in DESIGN[:4])
OBSERVATIONAL_DESIGN: tuple[str, ...] = tuple(field.name for field in DESIGN[4:])

# The values after the criteria text, in page order.
ELIGIBILITY: tuple[Field, ...] = (
    Field(
        "minimum_age",
        "Minimum Eligible Age",
        AGE,
        "eligibilityModule.minimumAge",
        "eligibility",
        age_shape,
    ),
    Field(
        "maximum_age",
        "Maximum Eligible Age",
        AGE,
        "eligibilityModule.maximumAge",
        "eligibility",
        age_shape,
    ),
    Field(
        "sex",
        "Eligible Sex",
        token_of(Sex),
        "eligibilityModule.sex",
        "eligibility",
        token_shape(Sex),
    ),
    Field(
        "healthy_volunteers",
        "Accepts Healthy Volunteers",
        YES_NO,
        "eligibilityModule.healthyVolunteers",
        "eligibility",
        normalize_bool,
    ),
)
