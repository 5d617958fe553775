"""The trial page: its grammar (headings, helper sentences, labels), one extractor per
section (``trial.extract``), its build (``TRIAL_READER``) and its renderer.
``ctgov_parse.kinds`` gives it its entry."""
