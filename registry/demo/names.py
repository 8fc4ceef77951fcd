"""Chinese names for the demo county: people, townships, villages.

Surnames are weighted roughly by frequency; compound surnames (欧阳, 司马, 诸葛, 上官) are
rare but present, because name matching (duplicate enrolment) must cope with them.
"""
from __future__ import annotations

import random

COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
MALE_CHARACTERS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国文志德福贵海生春成学忠兵"
FEMALE_CHARACTERS = "芳娜敏静丽艳娟霞秀英玲桂兰梅琳燕萍红洁婷雪慧颖佳倩月莉玉凤琴琼蓉翠珍"

TOWNSHIP_NAMES = ("城关镇", "龙泉镇", "石桥镇", "白马乡", "青山乡", "柳河镇", "太平乡", "双河镇")
VILLAGE_NAMES = (
    "红星村", "和平村", "新华村", "光明村", "团结村", "胜利村", "东风村", "向阳村", "永安村",
    "长岭村", "杨柳村", "金竹村", "桃园村", "高峰村", "龙井村", "水口村", "石门村", "大湾村",
    "新桥村", "三合村", "五里村", "黄泥村", "青龙村", "白果村", "柏林村", "清水村", "花园村",
    "凉风村", "沙坝村", "马鞍村", "铁炉村", "观音村", "茶园村", "松林村", "竹林村", "河坝村",
)


def surname(rng: random.Random) -> str:
    """A surname: mostly the common ones (front-weighted), about 1.5% compound."""
    if rng.random() < 0.015:
        return rng.choice(COMPOUND_SURNAMES)
    index = min(int(rng.expovariate(1 / 18)), len(COMMON_SURNAMES) - 1)
    return COMMON_SURNAMES[index]


def given_name(rng: random.Random, sex: str) -> str:
    """A one- or two-character given name (about a third are one character)."""
    characters = MALE_CHARACTERS if sex == "M" else FEMALE_CHARACTERS
    length = 1 if rng.random() < 0.35 else 2
    return "".join(rng.choice(characters) for _ in range(length))
