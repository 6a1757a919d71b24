"""Bench: `qualify evaluate` on the UCI bank table against a plain scikit-learn 5-fold CV.

Each side runs in its own subprocess, so wall time and peak RSS are the child's alone.
The last line is ``ratio=<evaluate time / plain CV time> peak_rss_mb=<evaluate peak RSS>``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("QUALIFY_DATA_DIR", ROOT / ".." / "shared" / "data"))
BANK = DATA / "uci_bank_marketing" / "bank-additional-full.csv"

PLAIN_CV = """
import sys, json
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
frame = pd.read_csv(sys.argv[1], sep=";")
y = (frame.pop("y") == "yes").astype(int)
frame = frame.drop(columns=["duration"])  # the leak evaluate excludes, for a like-for-like AUC
text = [c for c in frame.columns if frame[c].dtype.kind not in "if"]
numbers = [c for c in frame.columns if c not in text]
prep = ColumnTransformer([("num", StandardScaler(), numbers),
                          ("cat", OneHotEncoder(handle_unknown="ignore"), text)])
model = make_pipeline(prep, LogisticRegression(max_iter=2000))
folds = StratifiedKFold(5, shuffle=True, random_state=0)
aucs = cross_val_score(model, frame, y, cv=folds, scoring="roc_auc")
print(json.dumps({"auc": float(aucs.mean())}))
"""


def run_child(argv: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS of the child in MB, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far; run evaluate first so it is its own.
    return seconds, max(peak_kb, before) / 1024.0, done.stdout


def main() -> int:
    if not BANK.is_file():
        print(f"skip: {BANK} not found (set QUALIFY_DATA_DIR to the shared data folder)")
        return 0
    qualify = str(Path(sys.executable).with_name("qualify"))
    argv = [qualify, "evaluate", str(BANK), "--label", "y", "--positive", "yes", "--json"]
    eval_seconds, eval_rss, out = run_child(argv)
    eval_auc = json.loads(out)["auc"]
    plain_seconds, _, plain_out = run_child([sys.executable, "-c", PLAIN_CV, str(BANK)])
    plain_auc = json.loads(plain_out)["auc"]
    print(f"qualify evaluate : {eval_seconds:7.1f}s  auc={eval_auc:.4f}  peak_rss={eval_rss:.0f}MB")
    print(f"plain sklearn LR : {plain_seconds:7.1f}s  auc={plain_auc:.4f}")
    print(f"ratio={eval_seconds / plain_seconds:.2f} peak_rss_mb={eval_rss:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
