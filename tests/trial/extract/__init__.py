"""One test module per extractor module of ``ctgov_parse.trial.extract``."""
