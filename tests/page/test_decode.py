"""Bytes to text: a byte-order mark decides; else UTF-8, a cut at the very end being a cut;
else Windows-1252 with a warning, unless the bytes are binary. Pages of our own in each
encoding, alone and as dumps."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

import ctgov_parse
from ctgov_parse import iter_parse
from ctgov_parse.errors import ParseError
from ctgov_parse.page.decode import decode_page
from tests.conftest import EXAMPLE_SEED, FIXTURES

SEED = EXAMPLE_SEED.read_text(encoding="utf-8")
# A page whose text has letters outside ASCII that Windows-1252 also has.
ACCENTED = (FIXTURES / "compact_roles_lost.txt").read_text(encoding="utf-8")

MARKED = {
    "utf-8-sig": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def _encoded(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return MARKED[encoding] + text.encode(encoding)


@pytest.mark.parametrize("encoding", sorted(MARKED))
def test_a_byte_order_mark_decides(encoding: str) -> None:
    data = _encoded(SEED, encoding)
    decoded = decode_page(data)
    assert decoded.text == SEED
    assert decoded.notes == ()
    assert ctgov_parse.parse(data) == ctgov_parse.parse(SEED)
    assert ctgov_parse.parse(data, strict=False).diagnostics == ctgov_parse.parse(SEED).diagnostics


def test_windows_1252_is_read_with_a_warning() -> None:
    text = SEED.replace("Shu Qiang", "Shu Qiang’s café")
    data = text.encode("cp1252")
    first = next(index for index, char in enumerate(text) if ord(char) > 127)
    line = text[:first].count("\n") + 1  # the first byte that is not UTF-8
    trial = ctgov_parse.parse(data)
    (note,) = [d for d in trial.diagnostics if d.code == "decoded-as-cp1252"]
    assert note.line == line
    assert "Windows-1252" in note.message
    assert trial == ctgov_parse.parse(text)  # diagnostics do not take part in equality
    assert trial.responsible_party is not None
    assert trial.responsible_party.investigator_name == "Shu Qiang’s café"
    with pytest.raises(ParseError) as raised:
        ctgov_parse.parse(data, strict=True)
    assert (raised.value.code, raised.value.line) == ("decoded-as-cp1252", line)


@pytest.mark.parametrize(
    "data", [b"NCT ID: NCT01234567\n\x00\x01\x02\xff", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff"]
)
def test_binary_bytes_stay_undecodable(data: bytes) -> None:
    with pytest.raises(ParseError) as raised:
        ctgov_parse.parse(data)
    assert raised.value.code == "undecodable-input"
    assert raised.value.line == data[: data.index(b"\x00")].count(b"\n") + 1
    assert "NUL" in raised.value.message


def test_control_bytes_make_text_that_is_not_utf8_binary() -> None:
    with pytest.raises(ParseError) as raised:
        ctgov_parse.parse(b"Title\n\nNCT ID: \xe9\x01\x02\n")
    assert (raised.value.code, raised.value.line) == ("undecodable-input", 3)
    assert "control bytes" in raised.value.message


def test_bytes_that_neither_encoding_reads_are_undecodable() -> None:
    with pytest.raises(ParseError) as raised:
        ctgov_parse.parse(b"Title\n\nNCT ID: NCT01234567 \x81\x8d\n")  # undefined in cp1252
    assert (raised.value.code, raised.value.line) == ("undecodable-input", 3)


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_a_character_cut_at_the_very_end_is_truncation_not_another_encoding(cut: int) -> None:
    text = SEED + "\n中𝄞"  # a 3-byte and a 4-byte character at the end
    data = text.encode("utf-8")[:-cut]
    trial = ctgov_parse.parse(data)
    truncated = [d for d in trial.diagnostics if d.code == "truncated"]
    assert truncated and "inside a UTF-8 character" in truncated[0].message
    assert "decoded-as-cp1252" not in [d.code for d in trial.diagnostics]
    assert truncated[0].line == text.count("\n") + 1
    with pytest.raises(ParseError) as raised:
        ctgov_parse.parse(data, strict=True)
    assert raised.value.code == "truncated"


def test_a_utf16_page_cut_inside_a_code_unit_is_truncation() -> None:
    data = _encoded(SEED, "utf-16-le")[:-1]
    decoded = decode_page(data)
    assert decoded.text == SEED[:-1]
    assert [note.code for note in decoded.notes] == ["truncated"]


def _dump(pages: list[str]) -> str:
    return "\n\n".join(page.strip("\n") for page in pages) + "\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-8-sig"])
@pytest.mark.parametrize("compressed", [False, True])
def test_a_dump_is_decoded_by_its_mark_before_it_is_cut(
    tmp_path: Path, encoding: str, compressed: bool
) -> None:
    pages = [SEED, ACCENTED, SEED]
    data = _encoded(_dump(pages), encoding)
    path = tmp_path / ("dump.txt.gz" if compressed else "dump.txt")
    path.write_bytes(gzip.compress(data) if compressed else data)
    results = list(iter_parse(path))
    assert [r.ok for r in results] == [True, True, True]
    expected = list(iter_parse([p.strip("\n") for p in pages]))
    assert [r.trial for r in results] == [r.trial for r in expected]  # type: ignore[union-attr]
    assert [r.source.line for r in results] == [
        1,
        SEED.strip("\n").count("\n") + 3,
        results[2].source.line,
    ]


def test_a_utf16_dump_cut_inside_a_character_says_so_on_its_last_page(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(_encoded(_dump([SEED, SEED]), "utf-16-le")[:-1])
    first, last = iter_parse(path)
    assert first.ok and last.ok
    assert "truncated" not in [d.code for d in first.trial.diagnostics]  # type: ignore[union-attr]
    assert "truncated" in [d.code for d in last.trial.diagnostics]  # type: ignore[union-attr]
