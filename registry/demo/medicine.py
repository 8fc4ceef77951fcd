"""Diagnoses (ICD-10) that fit age and sex, and the catalogue items bills are made of.

Prices are in fen at a level-1 provider; level 2 and 3 charge more (LEVEL_PRICE_PERCENT).
Bed prices are per day and by level, some above the DOMAIN.md caps (15 / 35 / 40 yuan)
so the bed-fee cut has work to do.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnosis:
    code: str
    name: str
    sex: str | None = None          # only this sex
    min_age: int = 0
    max_age: int = 120
    stay: tuple[int, int] = (3, 8)  # inpatient days
    surgery: bool = False


OUTPATIENT_DIAGNOSES = (
    Diagnosis("J06.9", "急性上呼吸道感染"), Diagnosis("A09", "感染性腹泻"),
    Diagnosis("K29.7", "胃炎", min_age=15), Diagnosis("M54.5", "腰痛", min_age=25),
    Diagnosis("L30.9", "皮炎"), Diagnosis("H10.9", "结膜炎"), Diagnosis("J20.9", "急性支气管炎"),
    Diagnosis("N39.0", "尿路感染", min_age=15), Diagnosis("K02.9", "龋病", min_age=4),
    Diagnosis("M17.9", "膝关节病", min_age=45), Diagnosis("I10", "原发性高血压", min_age=35),
    Diagnosis("N76.0", "急性阴道炎", sex="F", min_age=16, max_age=70),
)
INPATIENT_DIAGNOSES = (
    Diagnosis("J18.9", "肺炎", stay=(5, 10)),
    Diagnosis("I63.9", "脑梗死", min_age=50, stay=(8, 18)),
    Diagnosis("I25.1", "动脉硬化性心脏病", min_age=45, stay=(6, 12)),
    Diagnosis("K80.2", "胆囊结石", min_age=30, stay=(5, 10), surgery=True),
    Diagnosis("K35.8", "急性阑尾炎", min_age=8, max_age=70, stay=(4, 8), surgery=True),
    Diagnosis("J44.1", "慢性阻塞性肺病急性加重", min_age=50, stay=(7, 14)),
    Diagnosis("N40", "前列腺增生", sex="M", min_age=50, stay=(5, 10), surgery=True),
    Diagnosis("C34.9", "肺恶性肿瘤", min_age=45, stay=(10, 20)),
    Diagnosis("I50.9", "心力衰竭", min_age=60, stay=(7, 14)),
    Diagnosis("K74.6", "肝硬化", min_age=40, stay=(8, 16)),
    Diagnosis("H25.9", "老年性白内障", min_age=55, stay=(2, 4), surgery=True),
    Diagnosis("N81.2", "子宫脱垂", sex="F", min_age=45, stay=(5, 9), surgery=True),
    Diagnosis("O82", "剖宫产单胎分娩", sex="F", min_age=20, max_age=42, stay=(5, 8),
              surgery=True),
    Diagnosis("A08.4", "病毒性肠炎", max_age=12, stay=(3, 6)),
    Diagnosis("E11.9", "2型糖尿病", min_age=35, stay=(6, 12)),
)
DELIVERY = Diagnosis("O80", "单胎顺产", sex="F", min_age=18, max_age=42, stay=(2, 4))
PRENATAL = Diagnosis("Z34.9", "正常妊娠监督", sex="F", min_age=18, max_age=42)
# Injuries whose cause the fund excludes (DOMAIN.md: rejection EXCLUDED_CAUSE).
EXCLUDED_CAUSE_DIAGNOSES = (
    ("traffic", Diagnosis("S06.0", "脑震荡", stay=(4, 9))),
    ("fight", Diagnosis("S52.5", "桡骨下端骨折", min_age=15, stay=(4, 8), surgery=True)),
    ("work_injury", Diagnosis("S82.2", "胫骨骨干骨折", min_age=18, max_age=65, stay=(8, 15),
                              surgery=True)),
    ("suicide", Diagnosis("T60.0", "有机磷农药中毒", min_age=15, stay=(4, 8))),
    ("drunk", Diagnosis("F10.0", "急性酒精中毒", min_age=18, stay=(2, 4))),
)
CHRONIC_DIAGNOSES = {
    "hypertension": "I10", "diabetes": "E11.9", "bronchitis": "J42", "rheumatic_heart": "I05.9",
    "stroke_recovery": "I69.3", "cancer": "C16.9", "lupus": "M32.9", "cirrhosis": "K74.6",
    "tuberculosis": "A15.0", "fp_complication": "N97.9",
}

LEVEL_PRICE_PERCENT = {1: 100, 2: 135, 3: 180}
BED_PRICE_FEN = {1: (1200, 2000), 2: (3000, 4500), 3: (4000, 8000)}

# category -> ((item_code, description, low fen, high fen, in_catalogue), ...)
ITEMS = {
    "drug": (("YP0101", "阿莫西林胶囊", 800, 2500, True), ("YP0102", "头孢呋辛钠注射液", 3000, 9000, True),
             ("YP0103", "硝苯地平缓释片", 1500, 4000, True), ("YP0104", "二甲双胍片", 900, 2500, True),
             ("YP0105", "氯化钠注射液", 300, 900, True), ("YP0106", "奥美拉唑肠溶胶囊", 1200, 3500, True),
             ("YP0107", "阿托伐他汀钙片", 2500, 6000, True), ("YP0108", "胸腺肽注射液", 6000, 15000, False),
             ("YP0109", "布洛芬缓释胶囊", 600, 1800, True), ("YP0110", "左氧氟沙星注射液", 2500, 7000, True)),
    "tcm_drug": (("ZY0201", "中药饮片", 2000, 8000, True), ("ZY0202", "复方丹参滴丸", 1500, 3500, True),
                 ("ZY0203", "板蓝根颗粒", 800, 2000, True)),
    "exam": (("JC0301", "血常规", 1500, 2500, True), ("JC0302", "胸部X线摄影", 4000, 8000, True),
             ("JC0303", "腹部彩超", 8000, 15000, True), ("JC0304", "心电图", 2000, 3500, True),
             ("JC0305", "肝功能检查", 3000, 6000, True), ("JC0306", "头颅CT", 15000, 30000, True)),
    "treatment": (("ZL0401", "静脉输液", 500, 1500, True), ("ZL0402", "雾化吸入", 800, 2000, True),
                  ("ZL0403", "换药", 1000, 3000, True), ("ZL0404", "吸氧", 1000, 2500, True)),
    "tcm_treatment": (("ZL0501", "针灸", 2000, 4000, True), ("ZL0502", "推拿", 2500, 5000, True),
                      ("ZL0503", "拔罐", 1000, 2500, True)),
    "surgery": (("SS0601", "腹腔镜手术", 150000, 300000, True), ("SS0602", "开放手术", 100000, 250000, True),
                ("SS0603", "白内障超声乳化术", 80000, 150000, True)),
    "anaesthesia": (("MZ0701", "全身麻醉", 40000, 80000, True),
                    ("MZ0702", "椎管内麻醉", 20000, 40000, True)),
    "nursing": (("HL0801", "二级护理", 1000, 2000, True), ("HL0802", "一级护理", 2000, 3500, True)),
    "material": (("CL0901", "一次性输液器", 300, 800, True), ("CL0902", "手术耗材包", 20000, 60000, True)),
    "bed": (("CW1001", "普通床位费", 0, 0, True),),
    "special_exam": (("TJ1101", "核磁共振检查", 60000, 90000, True),),
    "special_material": (("TC1201", "心脏支架", 800000, 1200000, True),),
    "cosmetic": (("MR1301", "疤痕美容修复", 50000, 150000, False),),
    "excluded_therapy": (("JL1401", "磁疗", 3000, 8000, False),
                         ("JL1402", "营养疗法", 5000, 12000, False)),
    "prosthesis": (("YT1501", "假牙", 80000, 200000, False), ("YT1502", "老花眼镜", 5000, 20000, False)),
    "self_use_device": (("ZY1601", "家用血压计", 15000, 30000, False),
                        ("ZY1602", "血糖仪", 20000, 40000, False)),
    "std_addiction": (("XB1701", "戒毒治疗", 100000, 200000, False),),
}
# Intensive care, per day: what makes the rare claims that need a director or the committee.
ICU_ITEM = ("ZL0490", "重症监护", 250000, 450000, True)
# Special outpatient therapies: diagnosis -> (category, item) billed per session.
SPECIAL_OUTPATIENT_ITEMS = {
    "Z51.1": ("drug", ("YP0190", "化疗药物", 150000, 400000, True)),
    "Z49.1": ("treatment", ("ZL0491", "血液透析治疗", 40000, 60000, True)),
}


def diagnosis(code: str) -> Diagnosis:
    """A diagnosis of the tables above by its ICD-10 code."""
    return next(d for d in INPATIENT_DIAGNOSES + OUTPATIENT_DIAGNOSES + (DELIVERY,)
                if d.code == code)
