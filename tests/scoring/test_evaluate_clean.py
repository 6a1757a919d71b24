"""Cleaning: placeholders, types, id and all-unique columns, date expansion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qualify.errors import EvaluationError
from qualify.scoring.evaluate.clean import infer_column, is_placeholder
from qualify.scoring.evaluate.features import Columns, build_features, clean_table


def raw_table(n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "Prospect ID": [f"p{i}" for i in range(n)],
            "Lead Number": [str(1000 + i) for i in range(n)],
            "City": rng.choice(["Select", "Pune", "Delhi", ""], n),
            "Job": rng.choice(["unknown", "N/A", "admin", "-"], n),
            "Visits": [str(v) for v in rng.integers(0, 9, n)],
            "Amount": [f"{v:.3f}" for v in rng.normal(size=n)],
            "Signed up": [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)],
            "Constant": ["x"] * n,
            "won": ["1" if i % 3 else "0" for i in range(n)],
        }
    )


@pytest.mark.parametrize("text", ["Select", "unknown", "N/A", "-", "--", "  ?  ", "-- select --"])
def test_placeholder_spellings(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Selective", "admin", "0", "none of these", "known"])
def test_real_values_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


def test_placeholders_are_missing_and_listed() -> None:
    table = clean_table(raw_table(), Columns(label="won", id_columns=["Prospect ID"]))
    found = {p["value"]: p for p in table.placeholders}
    assert {"Select", "unknown", "N/A", "-"} <= set(found)
    assert found["Select"]["columns"] == ["City"]
    assert "Select" not in set(table.frame["City"].dropna())
    assert table.frame["City"].isna().sum() == (raw_table()["City"].isin(["Select", ""])).sum()


def test_types_are_inferred() -> None:
    table = clean_table(raw_table(), Columns(label="won"))
    assert table.kinds["Visits"] == "numeric"
    assert table.kinds["Amount"] == "numeric"
    assert table.kinds["City"] == "categorical"
    assert table.kinds["Signed up"] == "datetime"


def test_id_unique_and_constant_columns_are_never_features() -> None:
    table = clean_table(raw_table(), Columns(label="won", id_columns=["Prospect ID"]))
    x, _ = build_features(table)
    assert table.excluded["Prospect ID"].startswith("id column")
    assert table.excluded["Lead Number"].startswith("unique on every row")
    assert table.excluded["Constant"].startswith("constant")
    assert not {"Prospect ID", "Lead Number", "Constant", "won"} & set(x.columns)
    assert "Amount" in x.columns  # continuous and unique per row, yet a real measure


def test_dates_become_month_weekday_and_age() -> None:
    x, sources = build_features(clean_table(raw_table(), Columns(label="won")))
    assert {"Signed up month", "Signed up weekday", "Signed up age_days"} <= set(x.columns)
    assert "Signed up" not in x.columns
    assert sources["Signed up month"] == "Signed up"
    assert x["Signed up month"].iloc[0] == "01"
    assert x["Signed up weekday"].iloc[0] == "Mon"  # 2024-01-01 was a Monday
    assert x["Signed up age_days"].min() == 0.0


def test_european_dates_are_parsed() -> None:
    kind, values = infer_column(pd.Series(["31/01/2024", "15/02/2024", np.nan], dtype=object))
    assert kind == "datetime"
    assert values.iloc[0] == pd.Timestamp("2024-01-31")


def test_unknown_drop_column_is_named() -> None:
    with pytest.raises(EvaluationError, match=r"'Nope'.*columns are"):
        clean_table(raw_table(), Columns(label="won", drop=["Nope"]))
