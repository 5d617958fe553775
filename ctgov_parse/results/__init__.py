"""The results page, beside the trial page: its grammar, one reader for its three table
renderings, one extractor per table, and its renderer.

Kept free of imports so that the trial-page grammar can read the results headings from
``results.grammar`` without loading the rest.
"""
