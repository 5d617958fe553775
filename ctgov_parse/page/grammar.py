"""The page engine's grammar: what every page of the site shares, whatever its kind.

A section is a heading line, a fixed helper sentence, then content (``SectionSpec``); the
header's ``NCT ID:`` and ``Last Updated:`` lines; the related trials section, which closes
both kinds of page; and the shape of the site's helper sentences and headings, by which an
unknown section is told. Each kind's own headings and labels are in its package.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class SectionSpec:
    """A known section: canonical ``name``, its heading texts (first is canonical), its
    helper sentence (canonical text, plus the beginnings that identify it), the lines it
    puts between its heading and its helper sentence (a status line), if any, and the
    other whole helper sentences it is seen with (by which one cut short is told)."""

    name: str
    headings: tuple[str, ...]
    helper: str
    helper_prefixes: tuple[str, ...]
    lines_above_helper: frozenset[str] = frozenset()
    other_helpers: tuple[str, ...] = ()

    @property
    def helper_sentences(self) -> tuple[str, ...]:
        return (self.helper, *self.other_helpers)


# The lines before the first heading (title, NCT ID, Last Updated) form this section.
HEADER_SECTION = "header"
HEADER_NCT_ID = "NCT ID:"
HEADER_LAST_UPDATED = "Last Updated:"

# Related trials close both kinds of page; a compact trial page moves them up and writes
# them under their other heading (``trial.grammar``).
RELATED_TRIALS = SectionSpec(
    "related_trials",
    ("More Related Trials", "Related Clinical Trials"),
    "Additional clinical trials that may be relevant based on similarity analysis.",
    ("Additional clinical trials that may be relevant", "Explore similar clinical trials"),
    # The compact scrapes' spelling (under the heading "Related Clinical Trials"), and
    # another seen with it.
    other_helpers=(
        "Explore similar clinical trials that may also be of interest to you.",
        "Explore similar clinical trials that researchers and patients also looked at.",
    ),
)

# An unknown section is a short Title Case heading followed by a sentence shaped like the
# site's helper sentences: an invitation that starts with one of these words.
HELPER_OPENING_WORDS = frozenset(
    [
        "Review",
        "Explore",
        "See",
        "Learn",
        "Check",
        "Meet",
        "Identify",
        "Reach",
        "Find",
        "Understand",
        "Dive",
        "Get",
        "Discover",
        "Browse",
        "View",
        "Read",
        "Additional",
        "Compare",
        "Track",
        "Access",
    ]
)
UNKNOWN_HEADING_MAX_WORDS = 6
UNKNOWN_HEADING_SMALL_WORDS = frozenset(
    ["of", "and", "&", "or", "for", "the", "in", "to", "on", "with", "a", "an", "by"]
)


def looks_like_heading(stripped: str) -> bool:
    """A short Title Case line without closing punctuation: the shape of a heading or label."""
    words = stripped.split()
    if not 0 < len(words) <= UNKNOWN_HEADING_MAX_WORDS or len(stripped) > 60:
        return False
    if not stripped[-1].isalnum() or not stripped[0].isupper():
        return False
    return all(
        word[0].isupper() or word[0].isdigit() or word in UNKNOWN_HEADING_SMALL_WORDS
        for word in words
    )
