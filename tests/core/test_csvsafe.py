"""The shared CSV writer: text a spreadsheet would run is escaped, our numbers are not, and reading undoes it."""

import io

import pytest

from joinedup import csvsafe

HOSTILE = ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_it_escapes_text_that_a_spreadsheet_would_run(value):
    assert csvsafe.cell_escape(value) == "'" + value


@pytest.mark.parametrize("value", [-3.5, 7, None, csvsafe.Verbatim("-0.250000"), csvsafe.Verbatim("+")])
def test_it_leaves_numbers_and_verbatim_cells_as_they_are(value):
    assert csvsafe.cell_escape(value) is value


@pytest.mark.parametrize("value", [*HOSTILE, "'=1", "''@x", "'plain", "plain", "", "it's", "a-b"])
def test_it_round_trips_every_text(value):
    stream = io.StringIO()
    csvsafe.writer(stream).writerow([value, 1])
    stream.seek(0)
    assert next(csvsafe.reader(stream)) == [value, "1"]
    stream.seek(0)
    assert list(csvsafe.DictReader(io.StringIO("a,b\n" + stream.getvalue()))) == [{"a": value, "b": "1"}]


def test_it_leaves_ordinary_text_alone():
    stream = io.StringIO()
    csvsafe.writer(stream).writerows([["name", "it's fine"], ["a-b", "'quoted'"]])
    assert stream.getvalue() == "name,it's fine\r\na-b,'quoted'\r\n"


def test_it_reads_line_numbers_as_csv_does():
    reader = csvsafe.reader(io.StringIO('a\n"two\nlines"\nc\n'))
    assert [(row, reader.line_num) for row in reader] == [(["a"], 1), (["two\nlines"], 3), (["c"], 4)]
