"""Ingestion: read files, validate each call, dedupe, resolve identities, store."""

from __future__ import annotations

from qualify.ingest.mapping import Mapping, load_mapping
from qualify.ingest.run import IngestReport, Rejection, ingest_files, ingest_records

__all__ = ["IngestReport", "Mapping", "Rejection", "ingest_files", "ingest_records", "load_mapping"]
