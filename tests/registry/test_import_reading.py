"""The CSV reader's two parsers give the same header, row numbers and cells (issue 2: Arrow
reads a file whose rows are one line each; the csv module reads every other file)."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings, strategies as st

from registry.importing.reading import read_table
from registry.importing.runner import sha256_of


def read(data: bytes, fast: bool):
    """The table's parser and its rows as (number, cells); `fast=False` withholds the line
    count, which sends the file to the csv module."""
    stream = io.BytesIO(data)
    lines = sha256_of(stream)[1] if fast else 0
    table = read_table(stream, "claims.csv", lines)
    rows = [row for numbers, columns in table.chunks
            for row in zip(numbers, map(list, zip(*columns)))]
    return table.parser, table.header, rows


ONE_ROW_A_LINE = {
    "plain": b"a,b,c\n1,2,3\n4,5,6\n",
    "quoted cells with commas and doubled quotes": b'a,b\n"x, y","say ""hi"""\n"",z\n',
    "white space Python strips, ideographic and separators included":
        " a ,b\n  1\t,\u3000一\u3000\n\x1c2,3\x1f\n".encode(),
    "a byte-order mark and Chinese text": "\ufeffname,township\n王一,东乡\n".encode(),
    "no line end after the last row": b"a,b\n1,2\n3,4",
    "CRLF line ends": b"a,b\r\n1,2\r\n3,4\r\n",
    "empty cells": b"a,b,c\n,,\n1,,\n",
    "header only": b"a,b\n",
}


@pytest.mark.parametrize("data", ONE_ROW_A_LINE.values(), ids=ONE_ROW_A_LINE.keys())
def test_arrow_reads_a_file_of_one_row_a_line_as_the_csv_module_does(data):
    parser, header, rows = read(data, fast=True)
    assert parser == "arrow"
    assert (header, rows) == read(data, fast=False)[1:]


OTHER_FILES = {
    "a blank line, counted but skipped": (b"a,b\n1,2\n\n3,4\n", [(2, ["1", "2"]), (4, ["3", "4"])]),
    "a line break inside a cell": (b'a,b\n"x\ny",2\n3,4\n', [(2, ["x\ny", "2"]), (3, ["3", "4"])]),
    "a short row, padded": (b"a,b,c\n1,2\n3,4,5\n", [(2, ["1", "2", ""]), (3, ["3", "4", "5"])]),
    "a long row, extra cells ignored": (b"a,b\n1,2,9\n3,4\n", [(2, ["1", "2"]), (3, ["3", "4"])]),
}


@pytest.mark.parametrize("data, rows", OTHER_FILES.values(), ids=OTHER_FILES.keys())
def test_other_files_go_to_the_csv_module_and_keep_their_row_numbers(data, rows):
    assert read(data, fast=True) == ("csv", ["a", "b", "c"][:len(rows[0][1])], rows)


def test_a_file_that_is_not_utf8_is_left_to_the_csv_module_which_reports_it():
    data = "a,b\n王,1\n".encode("gbk")
    stream = io.BytesIO(data)
    with pytest.raises(UnicodeDecodeError):
        table = read_table(stream, "claims.csv", sha256_of(stream)[1])
        list(table.chunks)


def test_a_cell_over_the_csv_modules_limit_is_left_to_it(monkeypatch):
    import csv

    monkeypatch.setattr(csv, "field_size_limit", lambda: 5)
    assert read(b"a,b\n123456,1\n", fast=True)[0] == "csv"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet='ab,"  \t\n\r王\x1c\u3000', max_size=40))
def test_on_any_text_arrow_reads_what_the_csv_module_reads_or_leaves_it_to_it(body):
    """Stray quotes, quotes then spaces, CR without LF, empty cells: whenever Arrow takes a
    file, its rows are the csv module's."""
    data = ("a,b\n" + body).encode()
    parser, header, rows = read(data, fast=True)
    if parser == "arrow":
        try:
            expected = read(data, fast=False)[1:]
        except csv.Error:  # the csv module refuses it: Arrow must not have taken it
            pytest.fail("Arrow read a file the csv module refuses")
        assert (header, rows) == expected


def test_a_crlf_across_two_read_blocks_is_one_line_end():
    data = b"a" * ((1 << 20) - 1) + b"\r\n" + b"b"
    assert sha256_of(io.BytesIO(data))[1] == 2
    assert sha256_of(io.BytesIO(b"a\r\rb\n"))[1] == 3
