"""The results page, beside the trial page: its grammar, one reader for its three table
renderings, one extractor per table, its build (``RESULTS_READER``) and its renderer.
``ctgov_parse.kinds`` gives it its entry."""
