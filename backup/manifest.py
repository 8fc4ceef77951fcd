"""A backup directory's manifest: every file's size and SHA-256, so a restore can prove the
backup is whole before it changes anything (issue 9: verified by checksum).

No Django here: a backup is checked the same way on any machine.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = "manifest.json"
FORMAT = 1


class BackupInvalid(Exception):
    """The backup is incomplete, altered or not a ClaimDesk backup; nothing was restored."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(root: Path) -> list[Path]:
    """Every file of the backup but the manifest itself."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p != root / MANIFEST)


def write(root: Path, about: dict) -> dict:
    """Checksum every file under `root` and write the manifest next to them."""
    files = {p.relative_to(root).as_posix(): {"sha256": sha256_of(p), "bytes": p.stat().st_size}
             for p in files_under(root)}
    manifest = {"format": FORMAT, **about, "files": files}
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def verify(root: Path) -> dict:
    """The manifest, once every file it lists is there unchanged and no other file is."""
    try:
        manifest = json.loads((root / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupInvalid(f"{root} has no {MANIFEST}: not a ClaimDesk backup") from None
    except ValueError as error:
        raise BackupInvalid(f"{root / MANIFEST} is not valid JSON: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupInvalid(f"{MANIFEST}: unknown format {manifest.get('format')!r}")
    listed = manifest["files"]
    present = {p.relative_to(root).as_posix() for p in files_under(root)}
    problems = [f"{name}: missing" for name in sorted(listed.keys() - present)]
    problems += [f"{name}: not in the manifest" for name in sorted(present - listed.keys())]
    for name in sorted(listed.keys() & present):
        if sha256_of(root / name) != listed[name]["sha256"]:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    if problems:
        raise BackupInvalid("the backup is not intact: " + "; ".join(problems))
    return manifest
