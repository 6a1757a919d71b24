"""Reading a table of historical leads: CSV with a sniffed delimiter, or Parquet."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pandas as pd

from qualify.errors import EvaluationError

DELIMITERS = (",", ";", "\t", "|")
PARQUET_SUFFIXES = (".parquet", ".pq")
_SAMPLE_BYTES = 256 * 1024
_SAMPLE_LINES = 50


def read_table(path: str | Path) -> pd.DataFrame:
    """The table with every cell as its raw text ("" for blank), so nothing is guessed yet.

    Parquet cells are turned into text too, so ``--positive`` and placeholder detection see
    the same thing whatever the format.
    """
    source = Path(path)
    if not source.is_file():
        raise EvaluationError(f"{source}: no such file (give a CSV or Parquet table of leads)")
    if source.suffix.lower() in PARQUET_SUFFIXES:
        return _as_text(pd.read_parquet(source))
    with source.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    delimiter = sniff_delimiter(sample)
    frame = pd.read_csv(
        source,
        sep=delimiter,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
        encoding_errors="replace",
    )
    if frame.shape[1] < 2:
        raise EvaluationError(f"{source}: found one column only; is it a delimited table?")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the sample's lines into the same number (>1) of fields.

    Lines are parsed with the csv module, so delimiters inside quotes do not count; among
    consistent candidates the one giving most fields wins.
    """
    lines = sample.splitlines()
    if len(sample) >= _SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample is partial
    lines = [line for line in lines[:_SAMPLE_LINES] if line.strip()]
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        widths = [
            len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
        ]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count / len(widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    text = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        column = frame[name]
        text[str(name)] = column.astype(object).map(_cell_text).astype(object)
    return text


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if value is pd.NaT or value is pd.NA:
        return ""
    return str(value)
