"""The ClinicalTrials.gov API v2 study shape, both ways: ``to_ctgov`` and ``from_ctgov``.

``MAPPING`` is the one table of what maps to what; the documentation table is generated
from it (``mapping_table()``). Fields the page does not carry are never
invented by ``to_ctgov``; fields of a study that the Trial does not model are kept by
``from_ctgov`` in ``Trial.extras`` (the study with the mapped values taken out) and merged
back by ``to_ctgov``, so an API study survives ``to_ctgov(from_ctgov(study))`` whole.
"""

from ctgov_parse.ctgov.mapping import CARRIED, MAPPING, PAGE_ONLY, PARTLY_CARRIED, mapping_table
from ctgov_parse.ctgov.read import from_ctgov
from ctgov_parse.ctgov.reader import page_text
from ctgov_parse.ctgov.write import location_contacts, to_ctgov

__all__ = [
    "CARRIED",
    "MAPPING",
    "PAGE_ONLY",
    "PARTLY_CARRIED",
    "from_ctgov",
    "location_contacts",
    "mapping_table",
    "page_text",
    "to_ctgov",
]
