"""Comparing Chinese names by sound (issue 7: the same person under two IDs, name compared
with pinyin too): 张伟 and 张玮 are both "zhang wei" once tones are dropped.

Read character by character (a name has no phrase context worth the cost), each character's
reading cached, and each distinct name keyed once: millions of names in seconds (bench/fraud.py).
"""
from functools import lru_cache

import pandas as pd
from pypinyin import lazy_pinyin


@lru_cache(maxsize=100_000)
def _reading(character: str) -> str:
    return "".join(lazy_pinyin(character))


def pinyin_key(name: str) -> str:
    return " ".join(_reading(c) for c in name or "")


def pinyin_keys(names: pd.Series) -> pd.Series:
    """The pinyin key of every name in a column: one translation table for the distinct
    characters, applied by str.translate (the key ends with a space, harmless for equality)."""
    values = names.fillna("").astype(str).tolist()
    table = {ord(c): _reading(c) + " " for c in set("".join(set(values)))}
    return pd.Series([v.translate(table) for v in values], index=names.index, dtype=object)
