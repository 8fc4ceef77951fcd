"""What other apps may call in the registry (DESIGN.md: apps call services, not tables)."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from fraud import services as fraud
from registry import importers as registry_importers
from registry.importing.runner import FileSpec, run_import
from registry.models import ImportRun
from workflow import importers as workflow_importers

#: Contract files in dependency order: each file's references are loaded before it.
IMPORT_ORDER = ("hospitals", "people", "staff", "relations", "referrals", "claims",
                "bill_lines", "decisions")
SPECS: dict[str, type[FileSpec]] = {
    spec.kind: spec for spec in registry_importers.SPECS + workflow_importers.SPECS}
SUFFIXES = (".csv", ".xlsx")


def kind_from_file_name(file_name: str) -> str | None:
    """`claims.csv` or `claims.xlsx` -> "claims"; None for any other name."""
    path = Path(file_name)
    return path.stem if path.suffix.lower() in SUFFIXES and path.stem in SPECS else None


def import_file(file: str | Path | BinaryIO, kind: str, actor=None,
                file_name: str | None = None) -> ImportRun:
    """Import one contract file (a path or a binary file object) of `kind`, all or nothing.

    The returned ImportRun is `loaded` with created/updated/unchanged counts, or `rejected`
    with every bad row in `errors` and nothing from the file stored (CONTRACT.md)."""
    spec_class = SPECS[kind]
    if isinstance(file, (str, Path)):
        with open(file, "rb") as stream:
            return run_import(stream, spec_class(actor, file_name or Path(file).name),
                              file_name or Path(file).name)
    name = file_name or getattr(file, "name", "") or f"{kind}.csv"
    return run_import(file, spec_class(actor, name), name)


def import_directory(path: str | Path, actor=None) -> list[ImportRun]:
    """Import every contract file present directly in `path` (name.csv or name.xlsx), in
    IMPORT_ORDER; subdirectories are ignored. A rejected file does not stop later files,
    whose references to its rows are then reported as unknown."""
    directory = Path(path)
    runs = []
    for kind in IMPORT_ORDER:
        for suffix in SUFFIXES:
            file = directory / f"{kind}{suffix}"
            if file.is_file():
                runs.append(import_file(file, kind, actor=actor))
    fraud.score_after_import(runs, actor=actor)  # issue 7: scoring runs after each import
    return runs
