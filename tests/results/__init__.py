"""Tests of the results page (``ctgov_parse.results``), one module per extractor module."""
