"""Tests of the results page (``ctgov_parse.results``), one module per extractor module."""

from ctgov_parse.page.grammar import RELATED_TRIALS

# Where a whole results page ends: its related trials' heading and helper sentence.
PAGE_END = f"\n{RELATED_TRIALS.headings[0]}\n\n{RELATED_TRIALS.helper}\n"
