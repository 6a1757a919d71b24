"""Reading tables: sniffed delimiters, Parquet, and --positive raw-text matching."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qualify.errors import EvaluationError
from qualify.scoring.evaluate.clean import label_vector
from qualify.scoring.evaluate.table import read_table, sniff_delimiter

ROWS = [["id", "plan", "note", "won"], ["1", "pro", "a, b; c|d", "yes"], ["2", "free", "", "no"]]


def write(path: Path, delimiter: str, quote_all: bool = False) -> Path:
    frame = pd.DataFrame(ROWS[1:], columns=ROWS[0])
    frame.to_csv(path, sep=delimiter, index=False, quoting=1 if quote_all else 0)
    return path


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiter_is_sniffed_even_with_others_inside_quotes(
    tmp_path: Path, delimiter: str
) -> None:
    table = read_table(write(tmp_path / "t.csv", delimiter, quote_all=delimiter == ";"))
    assert list(table.columns) == ROWS[0]
    assert table["note"].tolist() == ["a, b; c|d", ""]


def test_sniffer_prefers_the_consistent_delimiter() -> None:
    assert sniff_delimiter("a;b;c\n1;2,5;3\n4;5,5;6\n") == ";"
    assert sniff_delimiter('"a","b"\n"1;2","3"\n') == ","


def test_parquet_cells_become_text(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pd.DataFrame({"won": [True, False], "visits": [1.5, np.nan]}).to_parquet(path)
    table = read_table(path)
    assert table["won"].tolist() == ["True", "False"]
    assert table["visits"].tolist() == ["1.5", ""]


def test_missing_file_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no such file"):
        read_table(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("cells", "positive", "expected"),
    [
        (["yes", "no", "yes"], "yes", [1, 0, 1]),
        (["TRUE", "FALSE", "TRUE"], "TRUE", [1, 0, 1]),
        (["True", "False", "False"], "TRUE", [1, 0, 0]),  # case-insensitive fallback
        (["1", "0", "0"], "1", [1, 0, 0]),
        (["1.0", "0.0", "1.0"], "1", [1, 0, 1]),  # numeric fallback
        (["yes", "", "no"], "yes", [1, -1, 0]),  # blank label: row left out
    ],
)
def test_positive_matches_the_raw_label_text(
    cells: list[str], positive: str, expected: list[int]
) -> None:
    raw = pd.DataFrame({"won": cells, "x": ["a"] * len(cells)})
    assert label_vector(raw, "won", positive).tolist() == expected


def test_positive_never_seen_lists_the_values() -> None:
    raw = pd.DataFrame({"y": ["yes", "no"]})
    with pytest.raises(EvaluationError, match=r"--positive '1' never occurs.*: no, yes"):
        label_vector(raw, "y", "1")


def test_missing_label_lists_the_columns() -> None:
    raw = pd.DataFrame({"a": ["1"], "b": ["0"]})
    with pytest.raises(EvaluationError, match=r"'won' is not in the table; columns are: a, b"):
        label_vector(raw, "won", "1")


def test_label_with_one_class_says_so() -> None:
    raw = pd.DataFrame({"y": ["yes", " yes", "yes", ""]})
    with pytest.raises(EvaluationError, match="one class"):
        label_vector(raw, "y", "yes")
