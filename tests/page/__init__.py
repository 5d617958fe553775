"""Tests of the page engine (``ctgov_parse.page``)."""
