"""CSV that a spreadsheet will not run: every CSV the site and the command line write goes through `writer`.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and LibreOffice as a
formula (CSV injection: `=HYPERLINK(...)` can send data away, DDE can run programs). Following OWASP, such a
text cell is written with a single quote in front, which spreadsheets show as text.

The rules:
- text cells (`str`) are escaped whenever they begin with one of those characters: user-supplied text always;
- numbers we write ourselves stay numbers: `int`, `float`, dates and None are written as they are, and so is
  a `Verbatim` string, which marks a cell the code composed itself from a number or a closed vocabulary (a
  score formatted to six places, a polarity `+`/`-`) and which therefore can carry no formula;
- the escape is lossless: a text that already looks escaped (quotes, then one of those characters) gets one
  more quote, so `cell_unescape(cell_escape(x)) == x` for every text. Our own importers read through
  `reader`/`DictReader`, which undo it, so an export imports back unchanged.

No Django import: the engine's file formats and the command line use it too.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


class Verbatim(str):
    """A cell the code composed itself (a formatted number, a fixed word): written without escaping."""

    __slots__ = ()


def cell_escape(value: object) -> object:
    """The cell as written: a text that a spreadsheet would run (or that looks escaped) gets a quote in front."""
    if not isinstance(value, str) or isinstance(value, Verbatim):
        return value
    if value.startswith(TRIGGERS) or _ESCAPED.match(value):
        return QUOTE + value
    return value


def cell_unescape(value: str) -> str:
    """The text a cell held before `cell_escape` (a cell that was never escaped comes back unchanged)."""
    return value[1:] if _ESCAPED.match(value) else value


class Writer:
    """`csv.writer` whose rows are escaped cell by cell."""

    def __init__(self, stream: Any, **fmtparams: Any) -> None:
        self._writer = csv.writer(stream, **fmtparams)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([cell_escape(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: Any, **fmtparams: Any) -> Writer:
    return Writer(stream, **fmtparams)


class Reader:
    """`csv.reader` that undoes the escape; `line_num` as csv's."""

    def __init__(self, stream: Iterable[str], **fmtparams: Any) -> None:
        self._reader = csv.reader(stream, **fmtparams)

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        return [cell_unescape(v) for v in next(self._reader)]


def reader(stream: Iterable[str], **fmtparams: Any) -> Reader:
    return Reader(stream, **fmtparams)


if TYPE_CHECKING:
    _DictReaderBase = csv.DictReader[str]
else:
    _DictReaderBase = csv.DictReader


class DictReader(_DictReaderBase):
    """`csv.DictReader` that undoes the escape in every value (headers are our fixed column names)."""

    def __next__(self) -> dict[str | Any, str | Any]:
        row = super().__next__()
        return {k: cell_unescape(v) if isinstance(v, str) else v for k, v in row.items()}
