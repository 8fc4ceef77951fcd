"""Comparing Chinese names by sound (issue 7: the same person under two IDs, name compared
with pinyin too): 张伟 and 张玮 are both "zhang wei" once tones are dropped."""
from functools import lru_cache

from pypinyin import lazy_pinyin


@lru_cache(maxsize=1_000_000)
def pinyin_key(name: str) -> str:
    return " ".join(lazy_pinyin(name or ""))
