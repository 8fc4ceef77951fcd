"""Comparing Chinese names by sound (issue 7: the same person under two IDs, name compared
with pinyin too): 张伟 and 张玮 are both "zhang wei" once tones are dropped.

Read character by character (a name has no phrase context worth the cost), each character's
reading cached, and each distinct name keyed once: millions of names in seconds (bench/fraud.py).
"""
from functools import lru_cache

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pypinyin import lazy_pinyin


@lru_cache(maxsize=100_000)
def _reading(character: str) -> str:
    return "".join(lazy_pinyin(character))


def pinyin_key(name: str) -> str:
    return " ".join(_reading(c) for c in name or "")


def pinyin_keys(names: pd.Series) -> pd.Series:
    """The pinyin key of every name in a column ("zhang wei " for 张伟: each character's
    reading and a space, harmless for equality). Built by Arrow position by position: the
    characters at one position are encoded once, each distinct one read once, and the readings
    joined, with no Python step per name (millions of names, bench/fraud.py)."""
    text = pa.array(names.fillna("").astype(str), type=pa.large_string())
    longest = (pc.max(pc.utf8_length(text)).as_py() or 0) if len(text) else 0
    parts = []
    for position in range(longest):
        encoded = pc.utf8_slice_codeunits(text, position, position + 1).dictionary_encode()
        readings = pa.array([_reading(c) + " " if c else "" for c in
                             encoded.dictionary.to_pylist()], type=pa.large_string())
        parts.append(readings.take(encoded.indices))
    keys = (pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string())) if parts
            else pa.array([""] * len(text), type=pa.large_string()))
    return pd.Series(keys.to_numpy(zero_copy_only=False), index=names.index, dtype=object)
