"""Tests of the trial page (``ctgov_parse.trial``)."""
