"""Build JSON strings column-wise with Arrow kernels: no Python loop over people.

Constant fragments (config names, keys) are encoded once with `json.dumps`; per-person values
are formatted and escaped by Arrow, then everything is joined element-wise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["const", "jbool", "jlist", "jnum", "jobj", "join", "jstr", "when"]

Col = Any  # a pyarrow string Array (or a str broadcast by `join`)


def const(value: Any) -> str:
    """A constant JSON fragment."""
    return json.dumps(value, separators=(",", ":"))


def jstr(values: Any) -> Col:
    """Quoted, escaped JSON strings; null becomes `null`."""
    arr = pa.array(values, pa.string()) if not isinstance(values, pa.Array) else values
    arr = pc.cast(arr, pa.string())
    for raw, esc in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        arr = pc.replace_substring(arr, raw, esc)
    quoted = pc.binary_join_element_wise('"', arr, '"', "")
    return pc.fill_null(quoted, "null")


def jnum(values: Any, digits: int = 2) -> Col:
    """Numbers rounded to `digits`; integral values print without a fraction; NaN is null."""
    arr = np.asarray(values, dtype="float64")
    rounded = np.round(arr, digits)
    text = pc.cast(pa.array(rounded, pa.float64(), from_pandas=True), pa.string())
    return pc.fill_null(text, "null")


def jbool(values: Any) -> Col:
    arr = pa.array(np.asarray(values, dtype=bool))
    return pc.if_else(arr, "true", "false")


def when(mask: Any, fragment: Col | str) -> Col:
    """`fragment` where mask is true, null elsewhere (skipped by `jlist`)."""
    m = pa.array(np.asarray(mask, dtype=bool))
    frag = pa.scalar(fragment, pa.string()) if isinstance(fragment, str) else fragment
    return pc.if_else(m, frag, pa.scalar(None, pa.string()))


def join(parts: Sequence[Col | str], n: int) -> Col:
    """Concatenate fragments element-wise; a null part counts as empty.

    (`null_handling="skip"` drops rows whose parts are all null in pyarrow 2x, hence
    "replace".)"""
    arrays = [_broadcast(p, n) for p in parts]
    if not arrays:
        return pa.array([""] * n, pa.string())
    return pc.binary_join_element_wise(*arrays, "", null_handling="replace", null_replacement="")


def jobj(pairs: Sequence[tuple[str, Col | str]], n: int) -> Col:
    """A JSON object from (key, JSON fragment) pairs."""
    parts: list[Col | str] = ["{"]
    for i, (key, frag) in enumerate(pairs):
        parts += [("," if i else "") + const(key) + ":", frag]
    parts.append("}")
    return join(parts, n)


def jlist(items: Sequence[Col | str], n: int) -> Col:
    """A JSON list of the non-null fragments."""
    # Every item carries a trailing comma; the last one is trimmed (items end in } " or a
    # digit, never in a comma, so the trim cannot eat content).
    body = join([_suffix(i) for i in items], n) if items else pa.array([""] * n, pa.string())
    return join(["[", pc.utf8_rtrim(body, characters=","), "]"], n)


def _suffix(item: Col | str) -> Col | str:
    if isinstance(item, str):
        return item + ","
    return pc.binary_join_element_wise(item, ",", "")


def _broadcast(part: Col | str, n: int) -> Any:
    if isinstance(part, str):
        return pa.scalar(part, pa.string())
    return part
