"""``python -m ctgov_parse``: the ctgov-parse command."""

from ctgov_parse.cli import main

raise SystemExit(main())
