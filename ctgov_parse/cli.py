"""The ctgov-parse command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ctgov_parse.build import parse_file
from ctgov_parse.errors import ParseError
from ctgov_parse.export import to_json


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ctgov-parse", description=__doc__)
    parser.add_argument("inputs", nargs="+", metavar="FILE", help="page files (.txt or .txt.gz)")
    parser.add_argument("--strict", action="store_true", help="fail on any defect")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.inputs:
        try:
            trial = parse_file(path, strict=args.strict)
        except ParseError as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed += 1
            continue
        print(to_json(trial))
    return 1 if failed else 0
