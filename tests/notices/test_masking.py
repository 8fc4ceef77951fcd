"""DOMAIN.md masking: first character kept, the rest but the last replaced by `*`;
two-character names become surname + `*`; compound surnames follow the same rule."""
import pytest

from notices.masking import mask_name


@pytest.mark.parametrize("name, masked", [
    ("木", "木*"),            # one character: never shown whole (our decision)
    ("张伟", "张*"),          # two characters: surname + *
    ("王小明", "王*明"),      # three: first and last kept
    ("欧阳修文", "欧**文"),    # four, compound surname: same rule, no special case
    ("司马光", "司*光"),
    ("诸葛孔明", "诸**明"),
    ("上官婉儿", "上**儿"),
    ("欧阳", "欧*"),          # a two-character name that is a compound surname alone
    ("爱新觉罗溥仪", "爱****仪"),
])
def test_mask_keeps_first_and_last_character_only(name, masked):
    assert mask_name(name) == masked


def test_mask_trims_surrounding_spaces():
    assert mask_name(" 李娜 ") == "李*"


def test_mask_refuses_an_empty_name():
    with pytest.raises(ValueError):
        mask_name("  ")
