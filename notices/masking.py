"""Masked names for public notices (DOMAIN.md "Monthly public notices": "first character kept,
the rest but the last replaced by `*`; two-character names become surname + `*`").

Pure: no Django. Compound surnames (欧阳, 司马, 诸葛, 上官 ...) follow the same rule as any other
name, character by character: DOMAIN.md names no exception, and a rule that needs no list of
surnames cannot miss one. Decision where DOMAIN.md is silent: a one-character name becomes that
character + `*` (like a two-character name), so no public page ever shows a whole name.
"""

MASK = "*"


def mask_name(name: str) -> str:
    """The name as printed on a public notice: 张伟 -> 张*, 王小明 -> 王*明, 欧阳修文 -> 欧**文."""
    characters = list(name.strip())
    if not characters:
        raise ValueError("a name to mask must not be empty")
    if len(characters) <= 2:
        return characters[0] + MASK
    return characters[0] + MASK * (len(characters) - 2) + characters[-1]
