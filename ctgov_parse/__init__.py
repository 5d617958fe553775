"""ctgov_parse: scraped ClinicalTrials.gov-style trial pages -> typed, normalized records.

>>> import ctgov_parse
>>> trial = ctgov_parse.parse(page_text)          # doctest: +SKIP
>>> trial.nct_id, trial.status, trial.phases      # doctest: +SKIP
"""

from ctgov_parse import model as _model
from ctgov_parse.batch import Failure, PageSource, Parsed, iter_parse
from ctgov_parse.build import MAX_PAGE_BYTES, parse, parse_file
from ctgov_parse.ctgov import from_ctgov, to_ctgov
from ctgov_parse.ctgov_xml import from_ctgov_xml
from ctgov_parse.diff import Change, ChangeKind, Topic, diff
from ctgov_parse.errors import ParseError
from ctgov_parse.export import to_dict, to_json, to_jsonl
from ctgov_parse.merge import merge
from ctgov_parse.model import *  # noqa: F403  (the records are the public API)
from ctgov_parse.page import split as _split
from ctgov_parse.render import render
from ctgov_parse.tables import to_frames, to_tables

__version__ = "0.1.0"

compiled: bool = not (_split.__file__ or "").endswith(".py")
"""True when the hot modules run compiled by mypyc (``pip install .`` where a C compiler
is found), False for the pure-Python build (an editable install, ``CTGOV_PARSE_PURE=1``,
or no compiler)."""

__all__ = [
    "MAX_PAGE_BYTES",
    "Change",
    "ChangeKind",
    "Failure",
    "PageSource",
    "ParseError",
    "Parsed",
    "Topic",
    "__version__",
    "compiled",
    "diff",
    "from_ctgov",
    "from_ctgov_xml",
    "iter_parse",
    "merge",
    "parse",
    "parse_file",
    "render",
    "to_ctgov",
    "to_dict",
    "to_frames",
    "to_json",
    "to_jsonl",
    "to_tables",
]
__all__ += _model.__all__
