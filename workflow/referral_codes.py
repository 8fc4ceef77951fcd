"""Verification codes of referrals: the short code printed on the certificate and typed on
the public verification page. One generator for referrals filed here, imported ones
(workflow.importers) and the migration that gave the imported rows theirs.

Pure Python (no models), so a migration can use it too.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Verification code characters: no 0/O, 1/I/L, so a code read aloud or typed is unambiguous."""
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def fresh_codes(count: int, taken: Callable[[Iterable[str]], set[str]]) -> list[str]:
    """`count` distinct new codes that `taken` (which of these codes are already stored?)
    does not report. 31^8 codes make a clash rare, but an import of many rows into a table
    of a million would meet one now and then, and the unique column would refuse the file."""
    codes: set[str] = set()
    while len(codes) < count:
        drawn = {new_code() for _i in range(count - len(codes))} - codes
        codes |= drawn - taken(drawn)
    return list(codes)
