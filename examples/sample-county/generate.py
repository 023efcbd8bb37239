#!/usr/bin/env python3
"""Generates a county portal of township annual disclosure reports (政府信息公开工作年度报告).

With no arguments it regenerates the checked-in sample county 示例县 next to this script,
byte for byte:

    python3 examples/sample-county/generate.py

With arguments it writes benchmark corpora of any size, deterministic from the seed:

    generate.py --seed 7 --out /tmp/bench --townships 1500 --years 2019-2025 --chrome-kb 50-300

What it writes into DIR (see README.md next to this script for the details):
    county.ini, townships.csv        the configuration `nianbao run -c DIR/county.ini` reads
    expected.json                    the figures generated, per township-year and county sums
    portal/gknb/index.html, index_2.html, ...            paginated listing (~15 links a page)
    portal/gknb/content/post_<id>.html                   report pages and a few other items
    sources/*.html                   what the sample's PDF, .docx and screenshots are made
                                     from (the Word document, each table on screen, the logo)

The files made from sources/ (portal/gknb/attachment/, portal/gknb/images/logo.png) are
not byte-reproducible: LibreOffice and Chromium make them, with --attachments, and only
when they are missing or older than their source (sources/built.txt records which source
each was made from). Without --attachments they are left as they are, and any that is
missing or stale is named on stderr.

The portal imitates the layout Guangdong county portals share (the 海丰县 portal at
http://www.gdhf.gov.cn/gdhf/zwgk/gknb/): listing index.html, index_2.html, ... with a 下一页
link; report pages at content/post_<id>.html with the publish date near the title.

Figures are drawn per application (an applicant column and an outcome row each), so the
identities I1-I3 of table 三 hold by construction, I4 holds for table 四, and this year's
二、上年结转 is last year's 四、结转下年度继续办理 (X1). Table 二 carries its items across
years (X2, X3, X4). Planted problems (--plant, on by default only for the default sample)
break exactly the rules listed in README.md.

Python 3 standard library only (--attachments runs soffice, chromium and build/tests/imgtool
through the tests' helpers). Every random draw comes from random.Random(...).random()
seeded from a SHA-256 of (seed, township, year), so a township-year's figures and page do
not change when other townships or years are added (only the post ids, numbered over the
whole portal by publish date, do), and the output does not depend on the Python version
or on PYTHONHASHSEED.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys

# --------------------------------------------------------------------------------------
# The default sample
# --------------------------------------------------------------------------------------

COUNTY = "示例县"
COUNTY_CODE = "999999"
DEFAULT_SEED = 1
DEFAULT_YEARS = (2019, 2024)
DEFAULT_TOWNSHIPS = 12
PAGE_SIZE = 15  # links per listing page
SITE = "示例县人民政府门户网站"

# (name, slug, aliases): the first 12 are the default sample's townships.
SAMPLE_TOWNSHIPS = [
    ("城关镇", "chengguan", ["城关镇人民政府"]),
    ("东湖镇", "donghu", ["东湖镇人民政府"]),
    ("西岭镇", "xiling", ["西岭乡", "西岭乡人民政府", "西岭镇人民政府"]),  # 撤乡设镇 in 2021
    ("南塘镇", "nantang", ["南塘镇人民政府"]),
    ("北山乡", "beishan", ["北山乡人民政府"]),
    ("青石镇", "qingshi", ["青石镇人民政府"]),
    ("白沙镇", "baisha", ["白沙镇人民政府"]),
    ("龙泉镇", "longquan", ["龙泉镇人民政府"]),
    ("桃源乡", "taoyuan", ["桃源乡人民政府"]),
    ("柳河镇", "liuhe", ["柳河镇人民政府"]),
    ("石桥镇", "shiqiao", ["石桥镇人民政府"]),
    ("金田乡", "jintian", ["金田乡人民政府"]),
]
# 西岭镇 was 西岭乡 until 2021: its 2019 and 2020 reports are titled 西岭乡.
OLD_NAMES = {("xiling", 2019): "西岭乡", ("xiling", 2020): "西岭乡"}

# Pages of the default sample with a designated feature: (slug, year) -> feature.
SAMPLE_GBK = ("taoyuan", 2020)
SAMPLE_FLATTENED = ("liuhe", 2021)
SAMPLE_FULLWIDTH = ("shiqiao", 2023)
SAMPLE_CHROME_KB = {("xiling", 2019): 200, ("beishan", 2021): 120, ("chengguan", 2023): 55}
SAMPLE_WORD = {("xiling", 2019), ("chengguan", 2023)}
# 2019 采购总金额 as printed: "23950元", a bare "38000", or "2.4万元" (no unit in the header)
SAMPLE_AMOUNTS = {("beishan", 2019): "yuan", ("liuhe", 2019): "bare", ("jintian", 2019): "wan",
                  ("baisha", 2020): "yuan"}
# Township-years published as many offices publish (issues 12, 13): the page says little
# and links the report as a PDF saved from Word or as a .docx ("pdf", "docx"), or shows
# its three tables only as screenshots ("image"). The files are built from what the
# generator writes under sources/ by `generate.py --attachments` (README.md).
SAMPLE_FORMS = {("shiqiao", 2022): "pdf", ("jintian", 2020): "docx", ("nantang", 2024): "image"}
# The screenshots: PNG for two tables, JPEG at quality 70 for table 三 (as a phone or a
# chat program saves it).
PICTURE_FORMATS = {"t2": "png", "t3": "jpg", "t4": "png"}
PICTURE_FONT_PX = 15  # what a screenshot of a Word table shows (12-18 px)
PICTURE_TABLE_PX = 820  # the table's width on screen (Word or WPS zoomed to the page width)

# Cells a spreadsheet would retype if it guessed (issue 15), planted in table 二 where no
# rule reads them: (row, column) -> (text as printed, the value nianbao reads, or None for
# a cell it cannot read). Excel makes 100000 of 1e5, -3 of (3), a date of 1/2, 3 of 3.,
# 7 of 007, 1.23457E+17 of the 18 digits and a formula of =1+2.
SAMPLE_TRAPS = {
    ("beishan", 2023): {("licensing", "decisions"): ("1e5", None), ("penalty", "decisions"): ("(3)", None),
                        ("coercion", "decisions"): ("1/2", None), ("admin_fees", "fee_amount_wan"): ("3.", None)},
    ("taoyuan", 2024): {("licensing", "decisions"): ("007", "7"),
                        ("penalty", "decisions"): ("123456789012345678", "123456789012345678"),
                        ("coercion", "decisions"): ("=1+2", None)},
}

# The planted problems (township index into SAMPLE_TOWNSHIPS, year). README.md describes
# each with the exact finding it must produce.
PLANT_I2 = (3, 2020)         # 南塘镇: one application counted twice in 一 (自然人 and 总计)
PLANT_LATE = (1, 2021)       # 东湖镇: published 2022-04-15
PLANT_LATE_DATE = "2022-04-15"
PLANT_MISSING = (5, 2023)    # 青石镇: no report page at all
PLANT_WRONG_TPL = (6, 2022)  # 白沙镇: a 2022 report on the 2019 template
PLANT_OUTLIER = (7, 2022)    # 龙泉镇: 180 new applications (the others 0-6)
PLANT_REGS = (11, 2024)      # 金田乡: 规章 2/0/2

# Syllables for synthetic township names (benchmark corpora beyond the 12).
NAME_FIRST = [("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("大", "da"),
              ("小", "xiao"), ("新", "xin"), ("老", "lao"), ("上", "shang"), ("下", "xia"),
              ("青", "qing"), ("白", "bai"), ("黄", "huang"), ("红", "hong"), ("金", "jin"),
              ("银", "yin"), ("石", "shi"), ("龙", "long"), ("凤", "feng"), ("马", "ma"),
              ("牛", "niu"), ("桃", "tao"), ("柳", "liu"), ("松", "song"), ("竹", "zhu"),
              ("梅", "mei"), ("兰", "lan"), ("花", "hua"), ("长", "chang"), ("高", "gao"),
              ("平", "ping"), ("安", "an"), ("福", "fu"), ("永", "yong"), ("太", "tai"),
              ("和", "he"), ("丰", "feng"), ("宝", "bao"), ("云", "yun"), ("双", "shuang")]
NAME_SECOND = [("山", "shan"), ("河", "he"), ("湖", "hu"), ("江", "jiang"), ("岭", "ling"),
               ("田", "tian"), ("坪", "ping"), ("塘", "tang"), ("桥", "qiao"), ("坝", "ba"),
               ("口", "kou"), ("村", "cun"), ("园", "yuan"), ("林", "lin"), ("溪", "xi"),
               ("沟", "gou"), ("湾", "wan"), ("洲", "zhou"), ("岗", "gang"), ("头", "tou"),
               ("城", "cheng"), ("寨", "zhai"), ("集", "ji"), ("店", "dian"), ("铺", "pu")]
NAME_SUFFIX = [("镇", ""), ("乡", "-xiang"), ("街道", "-jiedao")]

# --------------------------------------------------------------------------------------
# The templates (spec/templates.md §1-§2): row keys and labels in printed order
# --------------------------------------------------------------------------------------

T3_COLS = ["natural_person", "legal_commercial", "legal_research", "legal_public_interest",
           "legal_legal_services", "legal_other", "total"]
APPLICANT_COLS = T3_COLS[:6]
T3_COL_WEIGHTS = [0.84, 0.08, 0.01, 0.02, 0.01, 0.04]

# (key, label, group, item number or None); group: None for 一/二/四 rows (cs=3),
# "三" for （一）（二）（七）and 2019 （六） (cs=2), else the sub-group label.
DENIED = [("res_denied_state_secret", "属于国家秘密"),
          ("res_denied_law_prohibited", "其他法律行政法规禁止公开"),
          ("res_denied_security_stability", "危及“三安全一稳定”"),
          ("res_denied_third_party", "保护第三方合法权益"),
          ("res_denied_internal_affairs", "属于三类内部事务信息"),
          ("res_denied_process_info", "属于四类过程性信息"),
          ("res_denied_enforcement_file", "属于行政执法案卷"),
          ("res_denied_admin_query", "属于行政查询事项")]
UNABLE = [("res_unable_not_held", "本机关不掌握相关政府信息"),
          ("res_unable_needs_creation", "没有现成信息需要另行制作"),
          ("res_unable_still_unclear", "补正后申请内容仍不明确")]
NOTPROC = [("res_notproc_petition", "信访举报投诉类申请"),
           ("res_notproc_repeat", "重复申请"),
           ("res_notproc_publication", "要求提供公开出版物"),
           ("res_notproc_excessive", "无正当理由大量反复申请"),
           ("res_notproc_confirm_reissue", "要求行政机关确认或重新出具已获取信息")]
OTHER_2021 = [("res_other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
              ("res_other_no_fee", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
              ("res_other_other", "其他")]

# Outcome weights for one application handled this year.
OUTCOMES_COMMON = [("res_granted", 0.56), ("res_partial", 0.07),
                   ("res_denied_state_secret", 0.004), ("res_denied_law_prohibited", 0.006),
                   ("res_denied_security_stability", 0.004), ("res_denied_third_party", 0.012),
                   ("res_denied_internal_affairs", 0.01), ("res_denied_process_info", 0.015),
                   ("res_denied_enforcement_file", 0.004), ("res_denied_admin_query", 0.008),
                   ("res_unable_not_held", 0.14), ("res_unable_needs_creation", 0.03),
                   ("res_unable_still_unclear", 0.015), ("res_notproc_petition", 0.04),
                   ("res_notproc_repeat", 0.025), ("res_notproc_publication", 0.005),
                   ("res_notproc_excessive", 0.003), ("res_notproc_confirm_reissue", 0.008)]
OUTCOMES_2019 = OUTCOMES_COMMON + [("res_other", 0.04)]
OUTCOMES_2021 = OUTCOMES_COMMON + [("res_other_no_correction", 0.02), ("res_other_no_fee", 0.002),
                                   ("res_other_other", 0.018)]


def t3_row_keys(fmt):
    keys = ["new_received", "carried_over", "res_granted", "res_partial"]
    keys += [k for k, _ in DENIED] + [k for k, _ in UNABLE] + [k for k, _ in NOTPROC]
    keys += ["res_other"] if fmt == "2019" else [k for k, _ in OTHER_2021]
    return keys + ["res_total", "carry_forward"]


T4_GROUPS = ["review", "suit_direct", "suit_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]

# Table 二: (block key, block label, header labels, rows [(row key, label)], columns, spans)
T2_2019 = [
    ("art20_1", "第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("regulations", "规章"), ("normative_docs", "规范性文件")],
     ["made_new", "published_new", "total_public"]),
    ("art20_5", "第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("licensing", "行政许可"), ("other_mgmt_services", "其他对外管理服务事项")],
     ["prev_items", "items_delta", "decisions"]),
    ("art20_6", "第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("penalty", "行政处罚"), ("coercion", "行政强制")],
     ["prev_items", "items_delta", "decisions"]),
    ("art20_8", "第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"],
     [("admin_fees", "行政事业性收费")], ["prev_items", "items_delta"]),
    ("art20_9", "第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"],
     [("central_procurement", "政府集中采购")], ["proc_projects", "proc_amount"]),
]
T2_2021 = [
    ("art20_1", "第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("regulations", "规章"), ("normative_docs", "行政规范性文件")],
     ["issued", "repealed", "in_force"]),
    ("art20_5", "第二十条第（五）项", ["信息内容", "本年处理决定数量"],
     [("licensing", "行政许可")], ["decisions"]),
    ("art20_6", "第二十条第（六）项", ["信息内容", "本年处理决定数量"],
     [("penalty", "行政处罚"), ("coercion", "行政强制")], ["decisions"]),
    ("art20_8", "第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"],
     [("admin_fees", "行政事业性收费")], ["fee_amount_wan"]),
]

FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

# --------------------------------------------------------------------------------------
# Deterministic randomness
# --------------------------------------------------------------------------------------


class Rng:
    """random.Random used only through .random(): stable across Python versions."""

    def __init__(self, *parts):
        h = hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()
        self.r = random.Random(int.from_bytes(h[:8], "big"))

    def random(self):
        return self.r.random()

    def below(self, n):
        return min(int(self.r.random() * n), n - 1)

    def between(self, lo, hi):  # inclusive
        return lo + self.below(hi - lo + 1)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.r.random() * total
        for item, w in pairs:
            x -= w
            if x < 0:
                return item
        return pairs[-1][0]

    def poisson(self, lam):
        # Knuth; lam is small here
        import math
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.r.random()
            if p <= limit:
                return k
            k += 1


# --------------------------------------------------------------------------------------
# Townships
# --------------------------------------------------------------------------------------


def make_townships(n):
    """The first 12 are the sample's; then synthetic names, unique names and slugs."""
    out = [{"name": a, "slug": b, "aliases": list(c)} for a, b, c in SAMPLE_TOWNSHIPS[:n]]
    # A name must also differ from every alias (西岭乡 is 西岭镇's former name).
    names = {t["name"] for t in out} | {a for t in out for a in t["aliases"]}
    slugs = {t["slug"] for t in out}
    if n <= len(out):
        return out

    def candidates():
        for suffix, slug_suffix in NAME_SUFFIX:
            for c1, p1 in NAME_FIRST:
                for c2, p2 in NAME_SECOND:
                    yield c1 + c2 + suffix, p1 + p2 + slug_suffix
        for suffix, slug_suffix in NAME_SUFFIX:
            for c1, p1 in NAME_FIRST:
                for c2, p2 in NAME_SECOND:
                    for c3, p3 in NAME_FIRST:
                        yield c1 + c2 + c3 + suffix, p1 + p2 + p3 + slug_suffix

    for name, slug in candidates():
        if len(out) >= n:
            break
        if name in names:
            continue
        base, k = slug, 2
        while slug in slugs:
            slug, k = "%s-%d" % (base, k), k + 1
        names.add(name)
        slugs.add(slug)
        body = name + ("人民政府" if not name.endswith("街道") else "办事处")
        out.append({"name": name, "slug": slug, "aliases": [body]})
    if len(out) < n:
        sys.exit("generate.py: at most %d townships" % len(out))
    return out


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


class Township:
    """What carries over from one year to the next for one township."""

    def __init__(self, t, seed):
        rng = Rng(seed, t["slug"], "township")
        self.rate = 0.3 + 3.2 * rng.random() ** 1.5     # applications a year
        self.carry = {c: 0 for c in APPLICANT_COLS}      # 结转下年度 of the last year
        if rng.chance(0.15):
            self.carry["natural_person"] = 1
        self.total_public_norm = rng.between(0, 12)      # 2019 对外公开总数量 of 规范性文件
        self.in_force_norm = rng.between(2, 15)          # 2021 现行有效件数 of 行政规范性文件
        self.items = {"licensing": rng.between(2, 14), "other_mgmt_services": rng.between(0, 5),
                      "penalty": rng.between(0, 6), "coercion": rng.between(0, 2),
                      "admin_fees": rng.between(0, 3)}
        self.procures = rng.chance(0.6)
        self.fees = rng.chance(0.35)


def draw_t3(rng, fmt, tw, n_new, cf_cap=None, column_weights=T3_COL_WEIGHTS):
    """Table 三 from individual applications: each has an applicant column and, unless
    carried forward, an outcome row. Returns {row: {col: int}} with the 总计 column."""
    keys = t3_row_keys(fmt)
    t3 = {k: {c: 0 for c in T3_COLS} for k in keys}
    apps = []
    for c, n in tw.carry.items():
        t3["carried_over"][c] += n
        apps += [c] * n
    for _ in range(n_new):
        c = rng.weighted(list(zip(APPLICANT_COLS, column_weights)))
        t3["new_received"][c] += 1
        apps.append(c)
    outcomes = OUTCOMES_2019 if fmt == "2019" else OUTCOMES_2021
    carried = 0
    for i, c in enumerate(apps):
        # late in the year an application may be carried forward
        if (cf_cap is None or carried < cf_cap) and rng.chance(0.06 if n_new < 20 else 0.01):
            t3["carry_forward"][c] += 1
            carried += 1
            continue
        t3[rng.weighted(outcomes)][c] += 1
        t3["res_total"][c] += 1
    for k in keys:
        t3[k]["total"] = sum(t3[k][c] for c in APPLICANT_COLS)
    tw.carry = {c: t3["carry_forward"][c] for c in APPLICANT_COLS}
    # keep the rows that hold something (a corpus of 100,000 pages stays in memory)
    return {k: row for k, row in t3.items() if row["total"]}


ZERO_ROW = dict.fromkeys(T3_COLS, 0)


def t3v(r, row, col):
    """A table 三 figure of report r (rows left out are all 0)."""
    return r.t3.get(row, ZERO_ROW)[col]


def draw_t4(rng):
    t4 = {g: {c: 0 for c in T4_COLS} for g in T4_GROUPS}
    if rng.chance(0.12):
        t4["review"][rng.weighted([("upheld", 0.6), ("corrected", 0.15), ("other", 0.1), ("pending", 0.15)])] += 1
    if rng.chance(0.04):
        t4["suit_direct"][rng.weighted([("upheld", 0.7), ("other", 0.1), ("pending", 0.2)])] += 1
    if rng.chance(0.02):
        t4["suit_after_review"]["upheld"] += 1
    for g in T4_GROUPS:
        t4[g]["total"] = sum(t4[g][c] for c in T4_COLS[:4])
    return t4


def amount_yuan(rng):
    """A procurement amount in yuan: mostly whole, sometimes with fen."""
    v = rng.between(8, 900) * 100 + rng.pick([0, 0, 0, 50, 90, rng.between(1, 99)])
    if rng.chance(0.25):
        return "%d.%02d" % (v, rng.between(0, 99))
    return str(v)


def draw_t2(rng, fmt, tw, regs=None):
    """Table 二 as {row_key: {col_key: printed number string}} (raw, before styling)."""
    t2 = {}
    if fmt == "2019":
        m = rng.weighted([(0, 0.5), (1, 0.25), (2, 0.15), (3, 0.1)])
        tw.total_public_norm += m
        t2["regulations"] = {"made_new": "0", "published_new": "0", "total_public": "0"}
        t2["normative_docs"] = {"made_new": str(m), "published_new": str(m),
                                "total_public": str(tw.total_public_norm)}
        caps = {"licensing": 12, "other_mgmt_services": 6, "penalty": 8, "coercion": 2}
        for key in ["licensing", "other_mgmt_services", "penalty", "coercion", "admin_fees"]:
            prev = tw.items[key]
            delta = 0
            if rng.chance(0.2):
                delta = rng.pick([1, 1, 2, -1]) if prev > 0 else 1
            tw.items[key] = prev + delta
            row = {"prev_items": str(prev), "items_delta": str(delta)}
            if key != "admin_fees":
                row["decisions"] = str(rng.between(0, caps[key]) if prev + delta > 0 else 0)
            t2[key] = row
        if tw.procures and rng.chance(0.8):
            t2["central_procurement"] = {"proc_projects": str(rng.between(1, 5)),
                                         "proc_amount": amount_yuan(rng)}
        else:
            t2["central_procurement"] = {"proc_projects": "0", "proc_amount": "0"}
    else:
        issued = rng.weighted([(0, 0.55), (1, 0.25), (2, 0.12), (3, 0.08)])
        repealed = min(tw.in_force_norm, rng.weighted([(0, 0.75), (1, 0.2), (2, 0.05)]))
        tw.in_force_norm += issued - repealed
        t2["regulations"] = {"issued": "0", "repealed": "0", "in_force": "0"}
        if regs:
            t2["regulations"] = {"issued": str(regs[0]), "repealed": str(regs[1]), "in_force": str(regs[2])}
        t2["normative_docs"] = {"issued": str(issued), "repealed": str(repealed),
                                "in_force": str(tw.in_force_norm)}
        t2["licensing"] = {"decisions": str(rng.between(0, 12))}
        t2["penalty"] = {"decisions": str(rng.weighted([(0, 0.5), (1, 0.2), (2, 0.15), (3, 0.1), (5, 0.05)]))}
        t2["coercion"] = {"decisions": str(rng.weighted([(0, 0.85), (1, 0.15)]))}
        if tw.fees and rng.chance(0.85):
            t2["admin_fees"] = {"fee_amount_wan": rng.pick(["3.5", "0.85", "12.36", "1.2", "6.48", "0.3",
                                                            "2.125", "9.6"])}
        else:
            t2["admin_fees"] = {"fee_amount_wan": "0"}
    return t2


# --------------------------------------------------------------------------------------
# Reports: figures plus how each page prints them
# --------------------------------------------------------------------------------------


def title_for(rng, shape, body, year, county, fullwidth=False):
    y = str(year).translate(FULLWIDTH) if fullwidth else str(year)
    if shape == 0:
        return "%s%s年政府信息公开工作年度报告" % (body, y)
    if shape == 1:
        return "%s年度%s政府信息公开年报" % (y, body)
    if shape == 2:
        gov = body + ("办事处" if body.endswith("街道") else "人民政府")
        return "%s%s%s年政府信息公开工作年度报告" % (county, gov, y)
    if shape == 3:
        return "%s%s年度政府信息公开工作年度报告" % (body, y)
    gov = body + ("办事处" if body.endswith("街道") else "人民政府")
    return "%s%s年度政务公开年报" % (gov, y)


class Report:
    pass


def publish_datetime(rng, year):
    day = rng.between(6, 31)
    return "%d-01-%02d" % (year + 1, day), "%02d:%02d" % (rng.between(8, 17), rng.between(0, 59))


def build_reports(args, townships):
    """Every report of the county, in township then year order, with its figures and its
    page style. Also returns the list of township-years without a page."""
    seed, (y0, y1), plant = args.seed, args.years, args.plant
    sample_style = args.chrome_kb is None
    plants = {}
    if plant:
        def at(p):
            i, y = p
            return (townships[i]["slug"], y) if i < len(townships) and y0 <= y <= y1 else None
        for name, p in [("i2", PLANT_I2), ("late", PLANT_LATE), ("missing", PLANT_MISSING),
                        ("wrong_template", PLANT_WRONG_TPL), ("outlier", PLANT_OUTLIER),
                        ("regulations", PLANT_REGS)]:
            if at(p):
                plants[at(p)] = name
    reports, missing = [], []
    for t in townships:
        tw = Township(t, seed)
        for year in range(y0, y1 + 1):
            key = (t["slug"], year)
            rng = Rng(seed, t["slug"], year)
            what = plants.get(key)
            r = Report()
            r.township, r.slug, r.year, r.plant, r.seed = t["name"], t["slug"], year, what, seed
            r.expected_template = "2019" if year <= 2020 else "2021"
            r.template = "2019" if what == "wrong_template" else r.expected_template
            fmt = r.template
            # figures
            n_new = min(rng.poisson(tw.rate), 6)
            cf_cap = None
            if sample_style and key in (SAMPLE_FLATTENED, SAMPLE_GBK):
                n_new = max(n_new, 4)  # figures worth reading on the special pages
            if what == "wrong_template":
                n_new = max(n_new, 2)
            if what == "outlier":
                n_new, cf_cap = 180, 1
            if what == "i2":
                n_new, cf_cap = 4, 0
            if plant and (key == (townships[PLANT_MISSING[0]]["slug"], PLANT_MISSING[1] - 1) or
                          what == "missing"):
                cf_cap = 0  # no carry-forward around the missing year: X1 holds whatever is compared
            weights = T3_COL_WEIGHTS if what != "outlier" else [0.8, 0.14, 0.0, 0.01, 0.01, 0.04]
            r.t3 = draw_t3(rng, fmt, tw, n_new, cf_cap, weights)
            r.t4 = draw_t4(rng)
            r.t2 = draw_t2(rng, fmt, tw, regs=(2, 0, 2) if what == "regulations" else None)
            if what == "i2":
                # one application counted twice in 一、本年新收: 自然人 and 总计 one too many
                r.t3.setdefault("new_received", dict(ZERO_ROW))
                r.t3["new_received"]["natural_person"] += 1
                r.t3["new_received"]["total"] += 1
            if what == "missing":
                missing.append({"township": t["name"], "slug": t["slug"], "year": year})
                continue
            # publication
            r.publish_date, r.publish_time = publish_datetime(rng, year)
            if what == "late":
                r.publish_date = PLANT_LATE_DATE
            r.sign_date = "%d年1月%d日" % (year + 1, max(1, int(r.publish_date[8:]) - rng.between(0, 5))) \
                if r.publish_date[5:7] == "01" else "%d年%d月%d日" % (
                    int(r.publish_date[:4]), int(r.publish_date[5:7]), max(1, int(r.publish_date[8:]) - 3))
            r.title_body = OLD_NAMES.get(key, t["name"])
            r.fullwidth = sample_style and key == SAMPLE_FULLWIDTH
            r.title = title_for(rng, rng.below(5), r.title_body, year, COUNTY, fullwidth=r.fullwidth)
            style_page(r, rng, args, sample_style, key)
            reports.append(r)
    return reports, missing


def style_page(r, rng, args, sample_style, key):
    """How the page prints its figures and what surrounds them."""
    r.layout = rng.weighted([("gdhf", 0.45), ("label", 0.3), ("trs", 0.25)])
    r.generic_title = rng.chance(0.1)            # <title> is only the site name
    r.markup = rng.weighted([("plain", 0.55), ("bare", 0.45)])
    r.charset = "utf-8"
    r.flatten_t3 = False
    r.chrome_kb = 0
    r.form = "html"
    if sample_style:
        r.form = SAMPLE_FORMS.get(key, "html")
        if key in SAMPLE_WORD:
            r.markup = "word"
        r.chrome_kb = SAMPLE_CHROME_KB.get(key, 0)
        if key == SAMPLE_GBK:
            r.charset = "gbk"
        if key == SAMPLE_FLATTENED:
            r.flatten_t3 = True
    else:
        lo, hi = args.chrome_kb
        r.chrome_kb = lo + rng.below(hi - lo + 1) if hi > 0 else 0
        r.markup = rng.weighted([("word", 0.45), ("plain", 0.35), ("bare", 0.2)])
        if rng.chance(0.05):
            r.charset = "gbk"
        if rng.chance(0.03):
            r.flatten_t3 = True
    if r.plant == "i2":
        r.flatten_t3 = False
    # label and cell variations (spec §5)
    r.ascii_parens = rng.chance(0.2)             # (一)予以公开
    r.item_sep = rng.weighted([(".", 0.75), ("、", 0.2), ("．", 0.05)])
    r.split_headers = rng.chance(0.5)            # 本年新<br/>制作数量, 商业<br/>企业
    r.split_group = rng.chance(0.3)              # 三、本年度办理结果 one character per span
    r.span_shift = rng.chance(0.4)               # R1: data-row spans differ from header spans
    r.t2_split = rng.chance(0.15)                # table 二 as one <table> per block
    r.zero_style = rng.weighted([("zero", 0.55), ("blank", 0.25), ("mixed", 0.2)])
    r.placeholder = rng.pick(["/", "—", "无", "-", "／"])
    r.placeholders = rng.chance(0.3)
    r.amount_style = rng.weighted([("yuan", 0.55), ("bare", 0.3), ("wan", 0.15)])
    r.meta_tags = r.layout == "trs" or rng.chance(0.15)
    if sample_style and key in SAMPLE_AMOUNTS:
        r.amount_style = SAMPLE_AMOUNTS[key]
    r.traps = SAMPLE_TRAPS.get(key, {}) if sample_style and args.plant else {}
    if r.plant in ("i2", "regulations"):
        r.zero_style, r.placeholders = "zero", False  # the planted figures read plainly: 2/0/2
    if r.flatten_t3:
        r.zero_style = "zero"  # an empty <p> is no cell: flattened tables print every 0


# --------------------------------------------------------------------------------------
# Printing cells: raw text and what the extractor should read from it
# --------------------------------------------------------------------------------------


class Printed:
    """One printed cell: its HTML text, and the expected (value, unit, kind)."""
    __slots__ = ("html", "value", "unit", "kind")

    def __init__(self, html, value, unit="", kind="number"):
        self.html, self.value, self.unit, self.kind = html, value, unit, kind


def print_count(r, rng, v, table, allow_blank=True):
    s = str(v)
    if v == 0 and allow_blank:
        if r.zero_style == "blank" or (r.zero_style == "mixed" and rng.chance(0.5)):
            if table == "t3" or not r.placeholders:
                return Printed("&nbsp;", "", kind="blank")
        if r.placeholders and table in ("t2", "t4") and rng.chance(0.6):
            return Printed(r.placeholder, "", kind="placeholder")
    if r.fullwidth and rng.chance(0.5):
        return Printed(s.translate(FULLWIDTH), s)
    return Printed(s, s)


def print_amount(r, rng, s):
    """2019 采购总金额 (no unit in the header)."""
    if s == "0":
        return print_count(r, rng, 0, "t2")
    if r.amount_style == "yuan":
        return Printed(s + "元", s, "元")
    if r.amount_style == "wan":
        wan = "%.2f" % (float(s) / 10000.0)
        wan = wan.rstrip("0").rstrip(".") if "." in wan else wan
        if wan in ("0", ""):
            return Printed(s + "元", s, "元")
        return Printed(wan + "万元", wan, "万元")
    return Printed(s, s)


def printed_cells(r):
    """{(table, row, col): Printed} for every template cell of the report."""
    rng = Rng(r.seed, r.slug, r.year, "cells")
    cells = {}
    blocks = T2_2019 if r.template == "2019" else T2_2021
    for _bk, _bl, _hdr, rows, cols in blocks:
        for rk, _label in rows:
            for ck in cols:
                s = r.t2[rk][ck]
                if ck == "proc_amount":
                    p = print_amount(r, rng, s)
                elif ck == "fee_amount_wan":
                    p = Printed(s, s, "万元") if s != "0" else print_count(r, rng, 0, "t2")
                    if p.kind == "number" and s == "0":
                        p.unit = "万元"
                elif ck == "items_delta" and s.startswith("-"):
                    p = Printed(s, s)
                else:
                    p = print_count(r, rng, int(s), "t2")
                cells[("t2", rk, ck)] = p
    for (rk, ck), (text, value) in sorted(r.traps.items()):
        unit = "万元" if ck == "fee_amount_wan" else ""
        cells[("t2", rk, ck)] = Printed(text, value, unit) if value is not None else \
            Printed(text, "", unit, kind="unreadable")
    for rk in t3_row_keys(r.template):
        for ck in T3_COLS:
            v = t3v(r, rk, ck)
            p = print_count(r, rng, v, "t3", allow_blank=not r.flatten_t3)
            cells[("t3", rk, ck)] = p
    for g in T4_GROUPS:
        for ck in T4_COLS:
            cells[("t4", g, ck)] = print_count(r, rng, r.t4[g][ck], "t4")
    return cells


# --------------------------------------------------------------------------------------
# HTML of the tables
# --------------------------------------------------------------------------------------

WORD_FONTS = ["仿宋_GB2312", "仿宋", "宋体", "方正仿宋_GBK"]


class Markup:
    """Cell markup in one of three styles: Word-exported (inline styles everywhere),
    plain (<td><p><span>, as CMS editors leave it) and bare (<td>text</td>)."""

    def __init__(self, style, rng, ruled_top=False):
        self.style = style
        # ruled_top: the first row of each table gets its top ruling, as in the .docx
        # itself (the pages' Word markup leaves it to the table's border, which is none)
        self.ruled_top, self.first_row, self.top = ruled_top, False, False
        font = rng.pick(WORD_FONTS)
        size = rng.pick(["10.5pt", "12pt", "9pt"])
        self.td_style = ("border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;"
                         "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt")
        self.p_open = ('<p class="MsoNormal" align="center" style="text-align:center;line-height:%s;'
                       'mso-line-height-rule:exactly">' % rng.pick(["15.0pt", "20pt", "12.0pt"]))
        self.span_open = ('<span style="font-size:%s;font-family:%s;mso-hansi-font-family:\'Times New Roman\';'
                          'color:black;mso-font-kerning:0pt">' % (size, font))
        self.span_ascii = ('<span lang="EN-US" style="font-size:%s;font-family:\'Times New Roman\';'
                           'mso-fareast-font-family:%s;color:black">' % (size, font))
        self.widths = [rng.between(40, 160) for _ in range(16)]

    def table_open(self):
        self.first_row = True
        if self.style == "word":
            return ('<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="600" '
                    'style="width:450.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;'
                    'mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt">\n<tbody>\n')
        if self.style == "plain":
            return '<table cellspacing="0" cellpadding="2" bordercolor="#000000" border="1"><tbody>\n'
        return '<table border="1">\n'

    def table_close(self):
        return "</tbody>\n</table>\n" if self.style != "bare" else "</table>\n"

    def tr(self, i=0):
        self.top, self.first_row = self.first_row and self.ruled_top, False
        if self.style == "word":
            return '<tr style="mso-yfti-irow:%d;height:%.2fpt">' % (i, 15 + (i * 7) % 20)
        return "<tr>"

    def tr_close(self):
        return "</tr>\n"

    def td(self, html, cs=1, rs=1, col=0, blank=False):
        attrs = ""
        if cs > 1:
            attrs += ' colspan="%d"' % cs
        if rs > 1:
            attrs += ' rowspan="%d"' % rs
        if self.style == "word":
            if blank:
                inner = self.span_ascii + "<o:p>&nbsp;</o:p></span>"
            elif html.isascii():
                inner = self.span_ascii + html + "</span>"
            else:
                inner = self.span_open + html + "</span>"
            style = self.td_style.replace("border-top:none;", "") if self.top else self.td_style
            return ('<td width="%d" valign="center"%s style="width:%dpt;%s">%s%s</p></td>' %
                    (self.widths[col % 16], attrs, self.widths[col % 16] * 3 // 4, style,
                     self.p_open, inner))
        if self.style == "plain":
            if blank:
                return '<td%s><p><span>&nbsp;</span></p></td>' % attrs
            return '<td%s><p><span>%s</span></p></td>' % (attrs, html)
        return "<td%s>%s</td>" % (attrs, "&nbsp;" if blank else html)


def split_label(html, split):
    """本年新制作数量 -> 本年新<br/>制作数量 (headers broken over two lines)."""
    if not split:
        return html
    for head in ("本年新", "上一年", "本年制发", "本年废止", "现行有效", "本年处理", "采购项目", "采购总"):
        if html.startswith(head) and len(html) > len(head) + 1:
            return head + "<br/>" + html[len(head):]
    return html


def paren(r, text):
    return text.replace("（", "(").replace("）", ")") if r.ascii_parens else text


def item_label(r, n, text):
    return "%d%s%s" % (n, r.item_sep, text)


def cell_td(m, p, cs=1, col=0):
    return m.td(p.html, cs=cs, col=col, blank=p.kind == "blank")


def html_t2(r, cells, m):
    out = []
    blocks = T2_2019 if r.template == "2019" else T2_2021
    width = 5 if r.template == "2019" else 4
    if not r.t2_split:
        out.append(m.table_open())
    i = 0
    for bk, blabel, headers, rows, cols in blocks:
        if r.t2_split:
            out.append(m.table_open())
        # spans: header and data cells per block (spec §1.1, §1.2)
        if r.template == "2019":
            if bk == "art20_1":
                hspans, dspans = [1, 1, 1, 2], [1, 1, 1, 2]
            elif bk in ("art20_5", "art20_6"):
                hspans = [1, 1, 2, 1]
                dspans = [1, 2, 1, 1] if r.span_shift else [1, 1, 2, 1]
            else:
                hspans, dspans = [1, 2, 2], [1, 2, 2]
        else:
            hspans = [1, 1, 1, 1] if bk == "art20_1" else [1, 3]
            dspans = hspans
        out.append(m.tr(i)); i += 1
        out.append(m.td(paren(r, blabel), cs=width))
        out.append(m.tr_close())
        out.append(m.tr(i)); i += 1
        for k, h in enumerate(headers):
            out.append(m.td(split_label(h, r.split_headers and r.template == "2019"), cs=hspans[k], col=k))
        out.append(m.tr_close())
        for rk, label in rows:
            out.append(m.tr(i)); i += 1
            out.append(m.td(label, col=0))
            for k, ck in enumerate(cols):
                out.append(cell_td(m, cells[("t2", rk, ck)], cs=dspans[k + 1], col=k + 1))
            out.append(m.tr_close())
        if r.t2_split:
            out.append(m.table_close())
    if not r.t2_split:
        out.append(m.table_close())
    return "".join(out)


T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_LEGAL = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def t3_label_rows(r):
    """[(row key, [(label html, colspan, rowspan)])] in printed order: the label cells
    that open each data row."""
    fmt = r.template
    group = "三、本年度办理结果"
    if r.split_group:
        group = "".join("<span>%s</span>" % ch for ch in group)
    rows = [("new_received", [("一、本年新收政府信息公开申请数量", 3, 1)]),
            ("carried_over", [("二、上年结转政府信息公开申请数量", 3, 1)]),
            ("res_granted", [(group, 1, 20 if fmt == "2019" else 22), (paren(r, "（一）予以公开"), 2, 1)]),
            ("res_partial", [(paren(r, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), 2, 1)])]
    for name, items in [("（三）不予公开", DENIED), ("（四）无法提供", UNABLE), ("（五）不予处理", NOTPROC)]:
        for n, (k, text) in enumerate(items, 1):
            cells = [(paren(r, name), 1, len(items))] if n == 1 else []
            rows.append((k, cells + [(item_label(r, n, text), 1, 1)]))
    if fmt == "2019":
        rows.append(("res_other", [(paren(r, "（六）其他处理"), 2, 1)]))
    else:
        for n, (k, text) in enumerate(OTHER_2021, 1):
            cells = [(paren(r, "（六）其他处理"), 1, 3)] if n == 1 else []
            rows.append((k, cells + [(item_label(r, n, text), 1, 1)]))
    rows.append(("res_total", [(paren(r, "（七）总计"), 2, 1)]))
    rows.append(("carry_forward", [("四、结转下年度继续办理", 3, 1)]))
    return rows


def legal_header(r, text):
    if r.split_headers and len(text) == 4:
        return text[:2] + "<br/>" + text[2:]
    return text


def html_t3(r, cells, m):
    out = [m.table_open()]
    out.append(m.tr(0))
    out.append(m.td(T3_NOTE, cs=3, rs=3))
    out.append(m.td("申请人情况", cs=7))
    out.append(m.tr_close())
    out.append(m.tr(1))
    out.append(m.td("自然人", rs=2, col=3))
    out.append(m.td("法人或其他组织", cs=5, col=4))
    out.append(m.td("总计", rs=2, col=9))
    out.append(m.tr_close())
    out.append(m.tr(2))
    for k, h in enumerate(T3_LEGAL):
        out.append(m.td(legal_header(r, h), col=4 + k))
    out.append(m.tr_close())
    for i, (rk, labels) in enumerate(t3_label_rows(r)):
        out.append(m.tr(3 + i))
        for text, cs, rs in labels:
            out.append(m.td(text, cs=cs, rs=rs))
        for k, ck in enumerate(T3_COLS):
            out.append(cell_td(m, cells[("t3", rk, ck)], col=3 + k))
        out.append(m.tr_close())
    out.append(m.table_close())
    return "".join(out)


def html_t3_flattened(r, cells):
    """Table 三 as the portal's editor flattened it: one <p> per cell, in reading order."""
    ps = [T3_NOTE, "申请人情况", "自然人", "法人或其他组织", "总计"] + T3_LEGAL
    for rk, labels in t3_label_rows(r):
        for text, _cs, _rs in labels:
            ps.append(text)
        for ck in T3_COLS:
            ps.append(cells[("t3", rk, ck)].html)
    return "".join('<p style="text-indent:2em;">%s</p>\n' % p for p in ps)


def html_t4(r, cells, m):
    out = [m.table_open()]
    out.append(m.tr(0))
    out.append(m.td("行政复议", cs=5))
    out.append(m.td("行政诉讼", cs=10, col=5))
    out.append(m.tr_close())
    out.append(m.tr(1))
    for k, h in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        out.append(m.td(h, rs=2, col=k))
    out.append(m.td("未经复议直接起诉", cs=5, col=5))
    out.append(m.td("复议后起诉", cs=5, col=10))
    out.append(m.tr_close())
    out.append(m.tr(2))
    for k, h in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2):
        out.append(m.td(h, col=5 + k))
    out.append(m.tr_close())
    out.append(m.tr(3))
    k = 0
    for g in T4_GROUPS:
        for ck in T4_COLS:
            out.append(cell_td(m, cells[("t4", g, ck)], col=k))
            k += 1
    out.append(m.tr_close())
    out.append(m.table_close())
    return "".join(out)


# --------------------------------------------------------------------------------------
# Narrative
# --------------------------------------------------------------------------------------

INTRO = [
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
    "根据《中华人民共和国政府信息公开条例》要求，现公布{body}{y}年度政府信息公开工作年度报告。本报告中所列数据的统计期限为{y}年1月1日至{y}年12月31日。如对本报告有疑问，请与{body}党政办公室联系。",
]
GENERAL = [
    "{y}年，{body}在县委、县政府的正确领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，紧紧围绕全镇中心工作，不断健全完善政务公开工作制度，提升主动公开信息质量，加大重点领域信息公开力度，切实保障人民群众依法获取政府信息。",
    "{y}年，{body}坚持以公开为常态、不公开为例外，进一步明确专人负责政务公开信息的审核和发布，做到各司其职、各负其责、齐抓共管、层层落实，政府信息公开工作取得新的进展。",
    "我{kind}高度重视政府信息公开工作，及时调整政务公开工作领导小组，由党政办具体办理日常工作，建立健全信息发布保密审查机制，确保公开信息内容准确、发布及时。",
]
ACTIVE = [
    "（一）主动公开。全年通过{county}人民政府门户网站、村务公开栏等渠道主动公开政府信息{n}条，内容涵盖机构职能、财政预决算、惠民惠农资金发放、重点项目建设等方面。",
    "（一）主动公开。全年累计主动公开政府信息{n}条，其中工作动态{a}条、通知公告{b}条，及时更新完善政府信息公开指南和目录。",
]
REQUESTS = [
    "（二）依申请公开。全年共收到政府信息公开申请{new}件，上年结转{co}件，均已按照法定程序和时限答复。",
    "（二）依申请公开。本年度新收政府信息公开申请{new}件，办理完毕{done}件，结转下年度继续办理{cf}件。",
]
MGMT = [
    "（三）政府信息管理。严格落实“先审查、后公开”和“一事一审”制度，全年未发生泄密事件。",
    "（三）平台建设。充分利用政府网站、政务新媒体和公开栏等平台，不断拓宽公开渠道，方便群众及时获取信息。",
]
SUPERVISION = [
    "（四）监督保障。将政务公开工作纳入年度工作考核，定期开展自查，全年未发生因政府信息公开工作引起的责任追究情况。",
]
PROBLEMS = [
    "（一）存在问题。一是公开内容的深度和广度还有待提高；二是信息发布的及时性有待加强；三是工作人员业务水平有待进一步提升。",
    "（一）存在问题。政务公开工作虽然取得了一定成效，但仍存在公开信息的质量与时效有待提高、政策解读形式较为单一等问题。",
]
IMPROVE = [
    "（二）改进措施。一是加强学习培训，提高工作人员业务能力；二是深化重点领域信息公开，确保应公开尽公开；三是加强政务公开载体建设，不断提升政务公开工作水平。",
    "（二）改进措施。下一步，我{kind}将进一步完善工作机制，加大对惠民政策的解读力度，及时回应社会关切，推动政务公开工作再上新台阶。",
]
OTHER_2021_TEXT = ["本年度未收取信息处理费。", "本年度无收取信息处理费情况，无其他需要报告的事项。"]
OTHER_2019_TEXT = ["无其他需要报告的事项。", "本年度无其他需要报告的事项。"]


def narrative(rng, r, kind, sec):
    fmt = dict(y=r.year, body=r.title_body, county=COUNTY, kind=kind,
               new=t3v(r, "new_received", "total"), co=t3v(r, "carried_over", "total"),
               done=t3v(r, "res_total", "total"), cf=t3v(r, "carry_forward", "total"),
               n=rng.between(40, 180), a=rng.between(10, 25), b=rng.between(5, 15))
    p = lambda s: '<p style="text-indent:2em;">%s</p>\n' % s.format(**fmt)
    if sec == "intro":
        return p(rng.pick(INTRO))
    if sec == "general":
        return p(rng.pick(GENERAL)) + p(rng.pick(ACTIVE)) + p(rng.pick(REQUESTS)) + p(rng.pick(MGMT)) + \
            p(rng.pick(SUPERVISION))
    if sec == "problems":
        return p(rng.pick(PROBLEMS)) + p(rng.pick(IMPROVE))
    return p(rng.pick(OTHER_2021_TEXT if r.template == "2021" else OTHER_2019_TEXT))


def heading(text):
    return '<p style="text-indent:2em;"><strong>%s</strong></p>\n' % text


def article(r, cells, tables=None):
    """The report's text and tables; tables: {"t2": html, ...} printed instead of the
    page's own (the Word document's tables, or pictures of them)."""
    rng = Rng(r.seed, r.slug, r.year, "text")
    kind = "乡" if r.title_body.endswith("乡") else "镇" if r.title_body.endswith("镇") else "街道"
    m = Markup(r.markup, rng)  # drawn even when unused: the text after it stays the same
    if tables is None:
        tables = {"t2": html_t2(r, cells, m),
                  "t3": html_t3_flattened(r, cells) if r.flatten_t3 else html_t3(r, cells, m),
                  "t4": html_t4(r, cells, m)}
    out = [narrative(rng, r, kind, "intro"), heading("一、总体情况"), narrative(rng, r, kind, "general"),
           heading("二、主动公开政府信息情况"), tables["t2"],
           heading("三、收到和处理政府信息公开申请情况"), tables["t3"],
           heading("四、政府信息公开行政复议、行政诉讼情况"), tables["t4"],
           heading("五、存在的主要问题及改进情况"), narrative(rng, r, kind, "problems"),
           heading("六、其他需要报告的事项"), narrative(rng, r, kind, "other")]
    gov = r.title_body + ("办事处" if r.title_body.endswith("街道") else "人民政府")
    out.append('<p style="text-align:right;">%s%s</p>\n<p style="text-align:right;">%s</p>\n' %
               (COUNTY, gov, r.sign_date))
    return "".join(out)


# --------------------------------------------------------------------------------------
# Reports published as attachments or pictures (SAMPLE_FORMS)
# --------------------------------------------------------------------------------------


def office_title(r):
    """The report's name as the office saves it: 石桥镇2022年政府信息公开工作年度报告."""
    return "%s%d年政府信息公开工作年度报告" % (r.title_body, r.year)


def attachment_files(r):
    """The files a report's page links, relative to portal/gknb/: [(path, source)],
    source being the file under sources/ it is built from."""
    base = "%s-%d" % (r.slug, r.year)
    if r.form in ("pdf", "docx"):
        return [("attachment/%s.%s" % (base, r.form), "%s.html" % base)]
    if r.form == "image":
        return [("attachment/%s-%s.%s" % (base, t, PICTURE_FORMATS[t]), "%s-%s.html" % (base, t))
                for t in ("t2", "t3", "t4")]
    return []


WORD_HEAD = ('<!DOCTYPE html>\n<html xmlns:o="urn:schemas-microsoft-com:office:office" '
             'xmlns:w="urn:schemas-microsoft-com:office:word">\n<head>\n<meta charset="utf-8">\n'
             '<meta name="Generator" content="Microsoft Word 15 (filtered)">\n<title>%s</title>\n<style>\n'
             '@page WordSection1 {size:595.3pt 841.9pt; margin:72.0pt 90.0pt 72.0pt 90.0pt;}\n'
             'p.MsoNormal {margin:0cm; text-align:justify; font-size:10.5pt; font-family:"宋体";}\n'
             'table.MsoNormalTable {border-collapse:collapse;}\n%s</style>\n</head>\n'
             '<body lang="ZH-CN" style="text-justify-trim:punctuation">\n<div class="WordSection1">\n')
WORD_TAIL = "</div>\n</body>\n</html>\n"


def office_tables(r, cells):
    """The three tables as the office's Word document holds them (Word-exported markup,
    rulings on every cell), whatever markup the portal's pages use."""
    m = Markup("word", Rng(r.seed, r.slug, r.year, "office"), ruled_top=True)
    return {"t2": html_t2(r, cells, m), "t3": html_t3(r, cells, m), "t4": html_t4(r, cells, m)}


def office_sources(r, cells):
    """{source name: HTML}: what the attachments are made from. For a PDF or .docx the
    whole report as Word saves it to HTML; for pictures each table alone, as it shows on
    screen when the office takes the screenshot (text PICTURE_FONT_PX pixels high)."""
    files = attachment_files(r)
    tables = office_tables(r, cells)
    if r.form in ("pdf", "docx"):
        body = ('<p class="MsoNormal" align="center" style="text-align:center"><b><span style="font-size:16pt;'
                'font-family:方正小标宋简体">%s</span></b></p>\n' % office_title(r)) + article(r, cells, tables=tables)
        return {files[0][1]: WORD_HEAD % (office_title(r), "") + body + WORD_TAIL}
    out = {}
    screen = ("body {margin:24px; background:#fff;}\n"
              "table {width:%dpx !important;} td {width:auto !important;}\n" % PICTURE_TABLE_PX +
              "td p, td span {font-size:%dpx !important; line-height:1.5 !important;\n"
              "  font-family:仿宋_GB2312, FangSong, 'Noto Serif CJK SC', serif !important;}\n" % PICTURE_FONT_PX)
    for (_path, source), t in zip(files, ("t2", "t3", "t4")):
        out[source] = WORD_HEAD % (office_title(r), screen) + tables[t] + WORD_TAIL
    return out


def attachment_note(r, files):
    """The page of a report published as an attachment: a line, and the link."""
    path, _ = files[0]
    return ('<p style="text-indent:2em;">根据《中华人民共和国政府信息公开条例》要求，现公布%s%d年度政府信息公开'
            '工作年度报告，全文详见附件。</p>\n<p style="text-indent:2em;">附件：<a href="../%s" target="_blank">'
            '%s.%s</a></p>\n' % (r.title_body, r.year, path, office_title(r), r.form))


def picture_article(r, cells, files):
    """The page of a report whose tables are screenshots: the text, and under the headings
    二、三、四 a picture each."""
    tables = {t: '<p style="text-align:center;"><img src="../%s" alt="" style="max-width:100%%;" /></p>\n' % path
              for (path, _), t in zip(files, ("t2", "t3", "t4"))}
    return article(r, cells, tables=tables)


# --------------------------------------------------------------------------------------
# Page chrome: header, navigation, scripts, styles, footer
# --------------------------------------------------------------------------------------

NAV = [("首页", "../../index.html"), ("政务公开", "../index.html"), ("政府信息公开指南", "../zfxxgkzn/index.html"),
       ("政府信息公开制度", "../zfxxgkzd/index.html"), ("法定主动公开内容", "../fdzdgknr/index.html"),
       ("行政许可", "../xzxk/index.html"), ("行政处罚", "../xzcf/index.html"), ("行政强制", "../xzqz/index.html"),
       ("政府信息公开年报", "index.html"), ("依申请公开", "../ysqgk/index.html"), ("互动交流", "../../hdjl/index.html"),
       ("办事服务", "../../bsfw/index.html")]
SUBNAV = ["机构职能", "领导信息", "政策文件", "政策解读", "规划计划", "财政预决算", "重大项目", "公共资源配置",
          "社会救助", "教育卫生", "乡村振兴", "应急管理", "人事信息", "统计数据", "建议提案办理"]
NEWS = ["示例县召开全县经济工作会议", "县政府常务会议研究部署近期重点工作", "示例县开展安全生产大检查",
        "全县春耕备耕工作有序推进", "示例县举行重点项目集中开工仪式", "县领导调研乡村振兴工作",
        "示例县召开防汛工作部署会", "全县森林防火工作会议召开", "示例县开展“我为群众办实事”活动",
        "县政务服务中心推出延时服务", "示例县召开优化营商环境推进会", "全县耕地保护工作会议召开"]


class Chrome:
    """Page chrome pieces, built once per run (deterministic from the seed), assembled per
    page up to a byte budget. Scripts and styles hold most of the bytes, as on real portals;
    the navigation and footer hold a few hundred links and no dates with labels."""

    def __init__(self, seed):
        rng = Rng(seed, "chrome")
        self.css = [self._css(rng, i) for i in range(10)]
        self.js = [self._js(rng, i) for i in range(10)]
        self.header = self._header(rng)
        self.footer = self._footer(rng)
        self.sidebar = self._sidebar(rng)

    @staticmethod
    def _ident(rng, n=6):
        return "".join(rng.pick("abcdefghijklmnopqrstuvwxyz") for _ in range(n))

    def _css(self, rng, i):
        out = []
        while sum(len(x) for x in out) < 9000:
            sel = rng.pick([".header", ".nav", ".xxgk_", ".list_", ".footer", ".main_", ".side_", "#zoom", ".con_"])
            out.append("%s%s %s{%s}" % (sel, self._ident(rng, 4), rng.pick(["li", "a", "span", "div", "p", "li a:hover"]),
                                         ";".join(rng.pick(["color:#%06x" % rng.below(1 << 24), "margin:0 auto",
                                                            "padding:%dpx %dpx" % (rng.below(20), rng.below(30)),
                                                            "font-size:%dpx" % rng.between(12, 20),
                                                            "background:url(../images/%s.png) no-repeat center" % self._ident(rng),
                                                            "line-height:%dpx" % rng.between(18, 40), "float:left",
                                                            "border-bottom:1px dashed #ddd", "overflow:hidden",
                                                            "width:%d%%" % rng.between(10, 100), "display:block"])
                                                  for _ in range(rng.between(2, 6)))))
        return "<style type=\"text/css\">\n" + "\n".join(out) + "\n</style>\n"

    def _js(self, rng, i):
        out = ["var _hmt = _hmt || [];(function(){var hm=document.createElement(\"script\");"
               "hm.src=\"https://hm.baidu.com/hm.js?%032x\";var s=document.getElementsByTagName(\"script\")[0];"
               "s.parentNode.insertBefore(hm,s);})();" % rng.below(1 << 62)]
        while sum(len(x) for x in out) < 15000:
            f, a, b = self._ident(rng), self._ident(rng, 2), self._ident(rng, 2)
            # one function in ~100 builds a <table> in a string, as portal scripts do
            if rng.chance(0.01):
                out.append("function %s(d){var t='<table class=\"tab_%s\"><tr><td>'+d.name+'</td><td>'+d.value+"
                           "'</td></tr></table>';document.getElementById('%s').innerHTML=t;}"
                           % (f, self._ident(rng, 3), self._ident(rng)))
                continue
            out.append(rng.pick([
                "function %s(%s,%s){if(!%s){return false;}var n=%s.length;for(var i=0;i<n;i++){if(%s[i]==%s){return i;}}return -1;}" % (f, a, b, a, a, a, b),
                "function %s(%s){var html='';for(var i=0;i<%s.length;i++){html+='<li><a href=\"'+%s[i].url+'\" target=\"_blank\">'+%s[i].title+'</a><span>'+%s[i].date+'</span></li>';}$('#%s').html(html);}" % (f, a, a, a, a, a, self._ident(rng)),
                "$(function(){$('.%s li').hover(function(){$(this).addClass('on').siblings().removeClass('on');var i=$(this).index();$('.%s .con').eq(i).show().siblings('.con').hide();});});" % (self._ident(rng), self._ident(rng)),
                "var %s={'%s':'请输入搜索内容','%s':'您访问的链接即将离开“示例县人民政府”门户网站，是否继续？','%s':%d};" % (f, a, b, self._ident(rng, 3), rng.below(100000)),
                "function %s(size){var el=document.getElementById('zoom');if(el){el.style.fontSize=size+'px';el.style.lineHeight=(size*1.8)+'px';}}" % f,
            ]))
        return "<script type=\"text/javascript\">\n" + "\n".join(out) + "\n</script>\n"

    def _header(self, rng):
        top = "".join('<a href="%s" target="_blank">%s</a>' % u for u in
                      [("https://www.gov.cn/", "国务院"), ("../../../index.html", "省政府"), ("../../../index.html", "市政府")])
        nav = []
        for label, href in NAV:
            subs = "".join('<li><a href="../%s/index.html">%s</a></li>' % (self._ident(rng, 4), s)
                           for s in SUBNAV[:rng.between(3, 8)])
            nav.append('<li class="nav_li"><a href="%s">%s</a><ul class="sub_nav">%s</ul></li>' % (href, label, subs))
        return ('<div class="top_bar"><div class="w1200"><span class="fl">欢迎访问%s</span><span class="fr">%s'
                '<a href="javascript:void(0);" onclick="jft()">繁體版</a><a href="javascript:;">无障碍浏览</a></span></div></div>\n'
                '<div class="header"><div class="w1200"><a href="../../index.html" class="logo"><img src="../images/logo.png" alt="%s"/></a>'
                '<form class="search" action="../../search/index.html"><input type="text" name="q" placeholder="请输入关键字"/>'
                '<button type="submit">搜索</button></form></div></div>\n'
                '<div class="nav"><ul class="w1200">%s</ul></div>\n' % (SITE, top, SITE, "".join(nav)))

    def _sidebar(self, rng):
        items = "".join('<li><a href="../../xwzx/content/post_%d.html" target="_blank">%s</a><span>%d-%02d-%02d</span></li>' %
                        (rng.between(900000, 999999), n, rng.between(2020, 2024), rng.between(1, 12), rng.between(1, 28))
                        for n in NEWS)
        return ('<div class="side_box"><div class="side_tit">热点信息</div><ul class="side_list">%s</ul></div>\n' % items)

    def _footer(self, rng):
        links = "".join('<option value="https://www.%s.gov.cn/">%s人民政府</option>' % (self._ident(rng, 5), n)
                        for n in ["省", "市", "邻县甲", "邻县乙", "邻县丙"])
        return ('<div class="footer"><div class="w1200"><div class="links"><select onchange="window.open(this.value)">'
                '<option>相关链接</option>%s</select></div>\n<p>主办单位：%s人民政府办公室　承办：%s政务服务数据管理局</p>\n'
                '<p>网站标识码：%s0001　<a href="https://beian.miit.gov.cn/" target="_blank">示ICP备%08d号</a>　'
                '<a href="#">公安机关备案号%014d</a></p>\n<p>联系电话：0000-%07d　建议使用1366×768分辨率浏览本网站</p>'
                '<div class="dzjg"><a href="#"><img src="../../images/red.png" alt="党政机关"/></a></div></div></div>\n' %
                (links, COUNTY, COUNTY, COUNTY_CODE, rng.below(10 ** 8), rng.below(10 ** 14), rng.below(10 ** 7)))

    def fill(self, rng, budget):
        """Styles and scripts worth about `budget` bytes: (for <head>, for the end of <body>)."""
        head, tail, used, k = [], [], 0, 0
        while used < budget:
            piece = (self.css if k % 3 == 0 else self.js)[rng.below(10)]
            if budget - used < len(piece):
                piece = piece[:max(0, budget - used - 40)]
                piece = piece[:piece.rfind("\n") + 1] if "\n" in piece else ""
                if not piece:
                    break
                piece += "</style>\n" if piece.startswith("<style") else "</script>\n"
            (head if k % 4 == 0 else tail).append(piece)  # most inline code sits at the end
            used += len(piece)
            k += 1
        return "".join(head), "".join(tail)


# --------------------------------------------------------------------------------------
# Report pages
# --------------------------------------------------------------------------------------


def report_page(r, cells, chrome):
    rng = Rng(r.seed, r.slug, r.year, "page")
    gov = r.title_body + ("办事处" if r.title_body.endswith("街道") else "人民政府")
    charset = "gb2312" if r.charset == "gbk" else "utf-8"
    dt = "%s %s" % (r.publish_date, r.publish_time)
    head = ['<!DOCTYPE html>\n<html>\n<head>\n<meta charset="%s">\n' % charset,
            '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n']
    if r.meta_tags:
        head.append('<meta name="SiteName" content="%s">\n<meta name="SiteDomain" content="www.example.gov.cn">\n'
                    '<meta name="SiteIDCode" content="%s0001">\n<meta name="ColumnName" content="政府信息公开年报">\n'
                    '<meta name="ArticleTitle" content="%s">\n<meta name="PubDate" content="%s">\n'
                    '<meta name="ContentSource" content="%s%s">\n' % (SITE, COUNTY_CODE, r.title, dt, COUNTY, gov))
    head.append("<title>%s</title>\n" % (SITE if r.generic_title else "%s_%s" % (r.title, SITE)))
    head.append('<link rel="stylesheet" type="text/css" href="../../../css/common.css">\n'
                '<link rel="stylesheet" type="text/css" href="../../../css/article.css">\n')
    big = r.chrome_kb > 0
    css_js_head, css_js_tail = "", ""
    if big:
        budget = r.chrome_kb * 1024 - len(chrome.header) - len(chrome.footer) - len(chrome.sidebar) - 1500
        css_js_head, css_js_tail = chrome.fill(rng, max(0, budget))
    head.append(css_js_head)
    head.append("</head>\n<body>\n")
    body = []
    if big:
        body.append(chrome.header)
    else:
        body.append('<div class="header"><a href="../../index.html"><img src="../images/logo.png" alt="%s"/></a></div>\n'
                    % SITE)
    body.append('<div class="position">您现在所在的位置 : <a href="../../index.html">首页</a> &gt; '
                '<a href="../index.html">%s</a> &gt; <a href="../index.html">政务公开</a> &gt; '
                '<a href="index.html">政府信息公开年报</a></div>\n' % SITE)
    body.append('<div class="article">\n')
    if r.layout == "gdhf":
        body.append('<h1 class="article_title">%s</h1>\n<ul class="article_info">\n<li>%s</li>\n<li>来源: %s%s</li>\n'
                    '<li>发布机构: %s</li>\n<li>【字体：<a href="javascript:doZoom(18)">大</a> '
                    '<a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</li>\n</ul>\n'
                    % (r.title, dt, COUNTY, gov, SITE))
    elif r.layout == "label":
        body.append('<div class="title"><h1>%s</h1></div>\n<div class="info">发布时间：%s　来源：%s　浏览次数：'
                    '<span id="hits"></span></div>\n' % (r.title, dt, gov))
    else:
        body.append('<table class="xxgk_table"><tr><td>索引号：</td><td>%s-%s/%d-%05d</td><td>分类：</td><td>政府信息公开年报</td></tr>'
                    '<tr><td>发布机构：</td><td>%s%s</td><td>公开日期：</td><td>%s</td></tr>'
                    '<tr><td>名称：</td><td colspan="3">%s</td></tr></table>\n<h1>%s</h1>\n'
                    % (COUNTY_CODE, r.slug.upper()[:6], r.year + 1, rng.below(100000), COUNTY, gov,
                       r.publish_date, r.title, r.title))
    body.append('<div id="zoom" class="article_con">\n')
    files = attachment_files(r)
    body.append(attachment_note(r, files) if r.form in ("pdf", "docx") else
                picture_article(r, cells, files) if r.form == "image" else article(r, cells))
    body.append('</div>\n<div class="article_foot"><p>关联稿件：</p><p>相关附件：</p>'
                '<p><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></p>'
                '<div class="qr">扫一扫在手机打开当前页</div></div>\n</div>\n')
    if big:
        body.append(chrome.sidebar)
        body.append(chrome.footer)
        body.append(css_js_tail)
    else:
        body.append('<div class="footer"><p>主办单位：%s人民政府办公室</p><p>网站标识码：%s0001</p></div>\n'
                    % (COUNTY, COUNTY_CODE))
    body.append("</body>\n</html>\n")
    return "".join(head) + "".join(body)


def other_page(item, chrome):
    """A listing item that is not a registered township-year report."""
    p = lambda s: '<p style="text-indent:2em;">%s</p>\n' % s
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>%s_%s</title>\n</head>\n<body>\n'
            '<div class="position">您现在所在的位置 : <a href="../../index.html">首页</a> &gt; '
            '<a href="index.html">政府信息公开年报</a></div>\n<div class="article">\n<h1>%s</h1>\n'
            '<div class="info">发布时间：%s %s　来源：%s</div>\n<div id="zoom">\n%s</div>\n</div>\n</body>\n</html>\n'
            % (item["title"], SITE, item["title"], item["date"], item["time"], item["source"],
               "".join(p(s) for s in item["text"])))


# --------------------------------------------------------------------------------------
# Extra listing items: report-like links that must not be picked, and news
# --------------------------------------------------------------------------------------


def extra_items(args, townships, reports):
    """Listing items beside the registered reports (default sample only; the benchmark
    corpora get the news items only)."""
    y0, y1 = args.years
    items = []
    last = y1
    items.append({"kind": "news", "title": "关于%d年度政府信息公开工作年度报告的解读" % min(last, 2023),
                  "date": "%d-02-03" % (min(last, 2023) + 1), "time": "09:12", "source": COUNTY + "人民政府办公室",
                  "text": ["为便于公众理解，现对%d年度政府信息公开工作年度报告解读如下。" % min(last, 2023),
                           "一、主要内容。报告包括总体情况、主动公开政府信息情况等六个部分。"]})
    items.append({"kind": "news", "title": "关于做好%d年度政府信息公开工作年度报告编制和发布工作的通知" % min(last, 2023),
                  "date": "%d-12-20" % min(last, 2023), "time": "16:40", "source": COUNTY + "人民政府办公室",
                  "text": ["各乡镇人民政府、县直各单位：", "请于次年1月31日前完成年度报告的编制和发布工作。"]})
    items.append({"kind": "news", "title": "%s%d年政务公开工作要点" % (COUNTY, min(last, 2024)),
                  "date": "%d-04-10" % min(last, 2024), "time": "10:05", "source": COUNTY + "人民政府办公室",
                  "text": ["为深入推进政务公开工作，现将%d年政务公开工作要点印发如下。" % min(last, 2024)]})
    if args.plant and y0 <= 2019 <= y1:
        items.append({"kind": "unregistered", "township": "古城乡", "year": 2019,
                      "title": "古城乡2019年政府信息公开工作年度报告", "date": "2020-01-16", "time": "15:20",
                      "source": COUNTY + "古城乡人民政府",
                      "text": ["古城乡已于2020年6月并入城关镇，本报告为古城乡最后一份年度报告。"], "report": True})
        items.append({"kind": "out_of_range", "township": townships[0]["name"], "year": 2018,
                      "title": "%s2018年政府信息公开工作年度报告" % townships[0]["name"], "date": "2019-03-20",
                      "time": "11:02", "source": COUNTY + townships[0]["name"] + "人民政府",
                      "text": ["根据《中华人民共和国政府信息公开条例》（国务院令第492号）规定，现公布2018年度政府信息公开工作年度报告。",
                               "2018年，我镇共主动公开政府信息46条，收到政府信息公开申请2件，均已按时答复。"]})
    return items


def unregistered_report(args, townships, tw_seed):
    """古城乡 2019: a full report page, for a township that is not in the registry."""
    t = {"name": "古城乡", "slug": "gucheng", "aliases": []}
    tw = Township(t, tw_seed)
    rng = Rng(tw_seed, "gucheng", 2019)
    r = Report()
    r.township, r.slug, r.year, r.plant, r.seed = "古城乡", "gucheng", 2019, None, tw_seed
    r.template = r.expected_template = "2019"
    r.t3 = draw_t3(rng, "2019", tw, min(rng.poisson(tw.rate), 6))
    r.t4 = draw_t4(rng)
    r.t2 = draw_t2(rng, "2019", tw)
    r.publish_date, r.publish_time = "2020-01-16", "15:20"
    r.sign_date = "2020年1月14日"
    r.title_body = "古城乡"
    r.fullwidth = False
    r.title = "古城乡2019年政府信息公开工作年度报告"
    style_page(r, rng, args, True, ("gucheng", 2019))
    return r


# --------------------------------------------------------------------------------------
# Listing pages
# --------------------------------------------------------------------------------------


def listing_page(items, page, npages, chrome, big):
    def name(k):
        return "index.html" if k == 1 else "index_%d.html" % k
    lis = []
    for it in items:
        text = it["title"]
        if len(text) > 24 and it.get("truncate"):
            text = text[:22] + "…"
        lis.append('<li><a href="%s" title="%s" target="_blank">%s</a><span class="time">%s</span></li>\n'
                   % (it["href"], it["title"], text, it["date"]))
    bar = ['<div class="page">']
    bar.append('<a href="%s">首页</a>' % name(1))
    if page > 1:
        bar.append('<a href="%s">上一页</a>' % name(page - 1))
    for k in range(max(1, page - 3), min(npages, page + 3) + 1):
        bar.append('<span class="current">%d</span>' % k if k == page else '<a href="%s">%d</a>' % (name(k), k))
    if page < npages:
        bar.append('<a href="%s">下一页</a>' % name(page + 1))
    bar.append('<a href="%s">尾页</a>' % name(npages))
    bar.append("<span>共%d页</span></div>\n" % npages)
    nav = "".join('<li><a href="%s">%s</a></li>' % (h, l) for l, h in NAV)
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>政府信息公开年报_%s</title>\n'
            '<meta name="ColumnName" content="政府信息公开年报">\n'
            '<script type="text/javascript">function createPageHTML(id,total,cur,name,ext){}</script>\n</head>\n<body>\n'
            '%s<div class="xxgk_nav"><ul>%s</ul></div>\n'
            '<div class="position">您现在所在的位置 : <a href="../index.html">首页</a> &gt; <a href="../index.html">政务公开</a>'
            ' &gt; 政府信息公开年报</div>\n'
            '<div class="list_box"><div class="list_tit">政府信息公开年报</div>\n<ul class="list">\n%s</ul>\n%s'
            '<script type="text/javascript">createPageHTML(\'page_div\',%d,%d,\'index\',\'html\');</script>\n</div>\n'
            '%s</body>\n</html>\n'
            % (SITE, chrome.header if big else "", nav, "".join(lis), "".join(bar), npages, page - 1,
               chrome.footer if big else ""))


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def assign_ids(seed, entries):
    """post ids grow with the publish date, as a CMS gives them."""
    rng = Rng(seed, "ids")
    entries.sort(key=lambda e: (e["date"], e["time"], e["title"]))
    pid = 1002000
    for e in entries:
        pid += rng.between(3, 420)
        e["id"] = pid
        e["href"] = "content/post_%d.html" % pid


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def county_ini(args, npages):
    y0, y1 = args.years
    return ("; %s (sample county): generated by generate.py; see README.md.\n"
            "; Run: nianbao run -c %s/county.ini\n"
            "[county]\nname = %s\ncode = %s\ntownships = townships.csv\nyears = %d-%d\n\n"
            "[portal]\n; a local mirror of the portal, relative to this file (file://)\n"
            "listing = portal/gknb/index.html\nscraper = generic\nmax_listing_pages = %d\n\n"
            "[fetch]\nconcurrency = 4\ndelay_ms = 0\ntimeout_s = 10\nretries = 1\nmax_bytes = 20000000\n"
            "user_agent = nianbao (sample county)\n"
            % (COUNTY, "examples/sample-county" if args.is_default else os.path.abspath(args.out), COUNTY, COUNTY_CODE, y0, y1,
               max(50, npages + 5)))


def townships_csv(townships):
    lines = ["name,slug,aliases"]
    for t in townships:
        lines.append("%s,%s,%s" % (t["name"], t["slug"], "|".join(t["aliases"])))
    return "\n".join(lines) + "\n"


KEY_FIGURES = [("t3", "new_received", "total"), ("t3", "carried_over", "total"), ("t3", "res_granted", "total"),
               ("t3", "res_partial", "total"), ("t3", "res_total", "total"), ("t3", "carry_forward", "total"),
               ("t4", "review", "total"), ("t4", "suit_direct", "total"), ("t4", "suit_after_review", "total")]


def printed_number(p):
    """What a printed cell counts for in a sum: blank and placeholders count 0."""
    return float(p.value) if p.kind == "number" else 0.0


def num(v):
    return int(v) if v == int(v) else v


def summarise(r, cells):
    """What expected.json keeps of a report: its key figures and its table 三 总计 column,
    as printed (blank and placeholders count 0)."""
    r.figures = {"%s.%s.%s" % k: num(printed_number(cells[k])) for k in KEY_FIGURES}
    r.t3_total = {rk: printed_number(cells[("t3", rk, "total")]) for rk in t3_row_keys(r.template)}


def planted_findings(townships, reports, years):
    """The planted problems with the finding each one must produce."""
    y0, y1 = years
    by_key = {(r.slug, r.year): r for r in reports}
    out = []

    def at(p):
        i, y = p
        if i >= len(townships) or not y0 <= y <= y1:
            return None, None
        return townships[i], by_key.get((townships[i]["slug"], y))

    t, r = at(PLANT_I2)
    if r:
        for col, label in (("natural_person", "自然人"), ("total", "总计")):
            lhs = t3v(r, "new_received", col) + t3v(r, "carried_over", col)
            rhs = t3v(r, "res_total", col) + t3v(r, "carry_forward", col)
            out.append({"rule": "I2", "severity": "error", "township": t["name"], "year": r.year, "table": "t3",
                        "row_key": "new_received", "col_key": col, "expected": str(rhs), "actual": str(lhs),
                        "message": "表三“%s”列：第一项+第二项=%d，第三项+第四项=%d，勾稽关系不成立" % (label, lhs, rhs)})
    t, r = at(PLANT_LATE)
    if r:
        out.append({"rule": "late", "township": t["name"], "year": r.year, "publish_date": r.publish_date,
                    "deadline": "%d-01-31" % (r.year + 1)})
    t, _ = at(PLANT_MISSING)
    if t:
        out.append({"rule": "missing", "township": t["name"], "year": PLANT_MISSING[1]})
    t, r = at(PLANT_WRONG_TPL)
    if r:
        out.append({"rule": "wrong_template", "township": t["name"], "year": r.year, "template": "2019",
                    "expected_template": "2021"})
    t, r = at(PLANT_OUTLIER)
    if r:
        out.append({"rule": "outlier", "township": t["name"], "year": r.year, "table": "t3",
                    "row_key": "new_received", "col_key": "total", "actual": r.figures["t3.new_received.total"],
                    "others_max": max(x.figures["t3.new_received.total"] for x in reports
                                      if x.year == r.year and x is not r)})
    t, r = at(PLANT_REGS)
    if r:
        out.append({"rule": "S3", "township": t["name"], "year": r.year, "table": "t2",
                    "row_key": "art20_1.regulations", "values": {"issued": 2, "repealed": 0, "in_force": 2}})
    return out


def expected_json(args, townships, reports, missing, extras):
    y0, y1 = args.years
    reps = []
    for r in reports:
        reps.append({
            "township": r.township, "slug": r.slug, "year": r.year, "url": "portal/gknb/" + r.href,
            "title": r.title, "title_township": r.title_body, "template": r.template,
            "expected_template": r.expected_template, "publish_date": r.publish_date,
            "charset": r.charset, "t3_flattened": r.flatten_t3, "page_bytes": r.page_bytes,
            "figures": r.figures, "planted": r.plant, "form": r.form,
        })
        if r.form != "html":
            # where the tables are, and every cell as nianbao must read it
            reps[-1]["files"] = ["portal/gknb/" + path for path, _ in attachment_files(r)]
            reps[-1]["cells"] = r.cells_expected
    county = {}
    by_year = {}
    for r in reports:
        by_year.setdefault(r.year, []).append(r)
    order = t3_row_keys("2019")[:-3] + ["res_other"] + [k for k, _ in OTHER_2021] + \
        ["res_other_sum", "res_total", "carry_forward"]
    for y in range(y0, y1 + 1):
        sums, rs = {}, by_year.get(y, [])
        for r in rs:
            for rk, v in r.t3_total.items():
                sums[rk] = sums.get(rk, 0) + v
            other = sum(v for k, v in r.t3_total.items() if k.startswith("res_other"))
            sums["res_other_sum"] = sums.get("res_other_sum", 0) + other
        county[str(y)] = {
            "townships_reporting": len(rs),
            "townships_missing": [m["township"] for m in missing if m["year"] == y],
            "t3_total": {k: num(sums[k]) for k in order if k in sums},
        }
    return {
        "generator": {"seed": args.seed, "townships": len(townships), "years": "%d-%d" % (y0, y1),
                      "chrome_kb": None if args.chrome_kb is None else "%d-%d" % args.chrome_kb,
                      "plant": args.plant},
        "county": COUNTY, "code": COUNTY_CODE,
        "townships": [{"name": t["name"], "slug": t["slug"]} for t in townships],
        "reports": reps,
        "missing": missing,
        "planted": planted_findings(townships, reports, args.years) if args.plant else [],
        "listing_extras": [{"kind": e["kind"], "title": e["title"], "url": "portal/gknb/" + e["href"]}
                           for e in extras],
        "county_sums": county,
        "spreadsheet_traps": [
            {"township": r.township, "slug": r.slug, "year": r.year, "table": "t2",
             "row_key": t2_block(r.template, rk) + "." + rk, "col_key": ck, "raw": text, "value": value}
            for r in reports for (rk, ck), (text, value) in sorted(r.traps.items())],
    }


def t2_block(template, row):
    """The block key of a table 二 row ("art20_5" for licensing)."""
    for bk, _bl, _h, rows, _c in (T2_2019 if template == "2019" else T2_2021):
        if row in [rk for rk, _ in rows]:
            return bk
    raise KeyError(row)


def build(args):
    """The whole model, without writing anything: (townships, reports, missing, entries).
    entries are the listing items (reports and extras) with their post ids."""
    townships = make_townships(args.townships)
    reports, missing = build_reports(args, townships)
    extras = extra_items(args, townships, reports)
    entries = [{"date": r.publish_date, "time": r.publish_time, "title": r.title, "report": r} for r in reports]
    for it in extras:
        entries.append(it)
        if it["kind"] == "unregistered":
            it["report"] = unregistered_report(args, townships, args.seed)
    assign_ids(args.seed, entries)
    for e in entries:
        if isinstance(e.get("report"), Report):
            e["report"].href = e["href"]
    return townships, reports, missing, entries


def expected_cells(r, cells):
    """{"t2.art20_1.regulations.issued": [value, kind] or [value, kind, unit]}: every cell
    of the report as nianbao must read it (kind: number, blank, placeholder, unreadable)."""
    out = {}
    for (table, rk, ck), p in cells.items():
        key = "%s.%s.%s" % (table, t2_block(r.template, rk) + "." + rk if table == "t2" else rk, ck)
        out[key] = [p.value, p.kind] + ([p.unit] if p.unit and p.kind == "number" else [])
    return out


# The files generate.py does not write but keeps: the attachments and pictures (made by
# --attachments from sources/) and the site's logo, under portal/.
BINARIES = ("gknb/attachment", "gknb/images")
BUILT = "built.txt"  # in sources/: "<sha256 of the source>  <file>", one a line


def clear_portal(portal):
    """Removes what generate.py writes under portal/, keeping BINARIES."""
    keep = [os.path.join(portal, b) for b in BINARIES]
    for d, dirs, files in os.walk(portal, topdown=True):
        dirs[:] = [x for x in dirs if os.path.join(d, x) not in keep]
        for f in files:
            os.remove(os.path.join(d, f))


def generate(args):
    townships, reports, missing, entries = build(args)
    chrome = Chrome(args.seed)
    out = args.out
    portal = os.path.join(out, "portal")
    if os.path.isdir(portal):
        clear_portal(portal)
    os.makedirs(os.path.join(portal, "gknb", "content"), exist_ok=True)
    sources = {}

    for e in entries:
        r = e.get("report")
        path = os.path.join(portal, "gknb", e["href"])
        if isinstance(r, Report):
            cells = printed_cells(r)
            html = report_page(r, cells, chrome)
            data = html.encode("gbk") if r.charset == "gbk" else html.encode("utf-8")
            r.page_bytes = len(data)
            summarise(r, cells)
            if r.form != "html":
                r.cells_expected = expected_cells(r, cells)
                sources.update(office_sources(r, cells))
        else:
            data = other_page(e, chrome).encode("utf-8")
        write(path, data)
    files = [("portal/gknb/" + path, source) for r in reports for path, source in attachment_files(r)]
    if files:  # the logo every report page shows in its header (../images/logo.png)
        sources["logo.html"] = LOGO_HTML
        files.append(("portal/gknb/images/logo.png", "logo.html"))
    write_sources(out, sources)
    attachments(args, files)

    # listing: newest first, PAGE_SIZE a page
    rng = Rng(args.seed, "listing")
    listed = sorted(entries, key=lambda e: (e["date"], e["time"], e["id"]), reverse=True)
    for e in listed:
        e["truncate"] = rng.chance(0.3)
    npages = max(1, (len(listed) + PAGE_SIZE - 1) // PAGE_SIZE)
    for k in range(1, npages + 1):
        items = listed[(k - 1) * PAGE_SIZE:k * PAGE_SIZE]
        html = listing_page(items, k, npages, chrome, big=k == 1 or args.chrome_kb is not None)
        write(os.path.join(portal, "gknb", "index.html" if k == 1 else "index_%d.html" % k), html.encode("utf-8"))

    write(os.path.join(out, "county.ini"), county_ini(args, npages).encode("utf-8"))
    write(os.path.join(out, "townships.csv"), townships_csv(townships).encode("utf-8"))
    exp = expected_json(args, townships, reports, missing, [e for e in entries if "kind" in e])
    write(os.path.join(out, "expected.json"),
          (json.dumps(exp, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return reports, npages


# --------------------------------------------------------------------------------------
# The attachments and pictures: sources/ (written byte for byte) and the files made from
# them by LibreOffice and Chromium (--attachments), which are not byte-reproducible
# --------------------------------------------------------------------------------------

LOGO_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>logo</title><style>
body{margin:0;background:#fff}
.logo{width:520px;height:84px;position:relative;font-family:'Noto Serif CJK SC',serif;color:#b71c1c}
.emblem{position:absolute;left:8px;top:8px;width:66px;height:66px;border-radius:50%;
  background:radial-gradient(#ffd54f,#e53935 70%);border:2px solid #b71c1c}
.name{position:absolute;left:88px;top:6px;font-size:38px;font-weight:bold;letter-spacing:4px}
.sub{position:absolute;left:90px;top:56px;font-size:15px;letter-spacing:2px;color:#555}
</style></head><body><div class="logo"><div class="emblem"></div><div class="name">示例县人民政府</div>
<div class="sub">www.example.gov.cn · 政府信息公开</div></div></body></html>
"""


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def write_sources(out, sources):
    """sources/: one HTML file per attachment or picture (and the logo); stale ones go."""
    folder = os.path.join(out, "sources")
    if not sources:
        return
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".html") and name not in sources:
            os.remove(os.path.join(folder, name))
    for name, text in sorted(sources.items()):
        write(os.path.join(folder, name), text.encode("utf-8"))


def read_built(folder):
    """sources/built.txt: {file: sha256 of the source it was made from}."""
    built = {}
    try:
        with open(os.path.join(folder, "sources", BUILT), encoding="utf-8") as f:
            for line in f:
                sha, _, path = line.strip().partition("  ")
                if path:
                    built[path] = sha
    except FileNotFoundError:
        pass
    return built


def attachments(args, files):
    """Makes sure every attachment and picture in files ([(path under out, source name)])
    is there and was made from its current source: kept when it was; copied from the
    checked-in sample when that one was made from the same source (an --out elsewhere);
    built with --attachments; else named on stderr. Writes sources/built.txt."""
    out = args.out
    here = os.path.dirname(os.path.abspath(__file__))
    built, theirs = read_built(out), read_built(here)
    stale = []
    for path, source in files:
        with open(os.path.join(out, "sources", source), "rb") as f:
            sha = sha256_hex(f.read())
        target = os.path.join(out, path)
        if os.path.exists(target) and built.get(path) == sha:
            continue
        mine = os.path.join(here, path)
        if os.path.abspath(out) != here and theirs.get(path) == sha and os.path.exists(mine):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(mine, target)
            built[path] = sha
        elif args.attachments:
            make_file(os.path.join(out, "sources", source), target, args)
            built[path] = sha
        else:
            stale.append(path)
    for path in list(built):
        if path not in dict(files):
            del built[path]
    if files:
        write(os.path.join(out, "sources", BUILT),
              "".join("%s  %s\n" % (built[p], p) for p in sorted(built)).encode("utf-8"))
    if stale:
        print("generate.py: %d file%s missing or made from an older source (run generate.py --attachments; it "
              "needs LibreOffice, Chromium and build/tests/imgtool): %s" % (len(stale), "s" * (len(stale) > 1),
                                                                        ", ".join(stale)), file=sys.stderr)


def make_file(source, target, args):
    """One attachment or picture from its source, with the tools the tests make theirs
    with (tests/integration/office_files.py, ocr_images.py): LibreOffice headless saves the
    Word document as PDF (writer_pdf_Export, fonts subset) or .docx; Chromium takes the
    screenshot, cut to the table (tests/tools/imgtool), PNG or JPEG at quality 70."""
    import tempfile
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "tests", "integration"))
    os.environ.setdefault("NB_IMGTOOL", args.imgtool)
    import office_files
    import ocr_images
    os.makedirs(os.path.dirname(target), exist_ok=True)
    ext = target.rsplit(".", 1)[1]
    with tempfile.TemporaryDirectory(prefix="nb-sample-") as work:
        if ext == "pdf":
            made = office_files.libreoffice([source], "pdf:writer_pdf_Export", work, infilter="HTML (StarWriter)")[0]
        elif ext == "docx":
            made = office_files.html_to_docx([source], work)[0]
        else:
            shot, made = os.path.join(work, "shot.png"), os.path.join(work, "cut.png")
            logo = os.path.basename(source) == "logo.html"
            ocr_images.screenshot("file://" + os.path.abspath(source), shot, 560 if logo else PICTURE_TABLE_PX + 120,
                                  120 if logo else 2400, work)
            subprocess.run([ocr_images.imgtool(), "--crop", "0" if logo else "8", shot, made], check=True, timeout=60)
            if ext == "jpg":
                ocr_images.convert(made, os.path.join(work, "cut.jpg"), "jpeg", 70)
                made = os.path.join(work, "cut.jpg")
        shutil.copyfile(made, target)
    if not args.quiet:
        print("generate.py: made %s (%d bytes)" % (target, os.path.getsize(target)), file=sys.stderr)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def parse_range(text, what):
    try:
        if "-" in text:
            a, b = text.split("-", 1)
            lo, hi = int(a), int(b)
        else:
            lo = hi = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%s: expected N or N-M, got %r" % (what, text))
    if lo > hi or lo < 0:
        raise argparse.ArgumentTypeError("%s: bad range %r" % (what, text))
    return lo, hi


def parse_args(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Generate the sample county portal (default) or a benchmark corpus.")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    ap.add_argument("--out", default=here, help="output folder (default: this script's folder)")
    ap.add_argument("--townships", type=int, default=DEFAULT_TOWNSHIPS, help="number of townships (default 12)")
    ap.add_argument("--years", type=lambda s: parse_range(s, "--years"), default=DEFAULT_YEARS,
                    help="report years, Y or Y1-Y2 (default 2019-2024)")
    ap.add_argument("--chrome-kb", type=lambda s: parse_range(s, "--chrome-kb"), default=None,
                    help="page chrome of MIN-MAX KB on every page, and a realistic mix of Word-exported "
                         "tables, GBK and flattened pages (default: the sample's mix: chrome on 3 pages)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--plant", dest="plant", action="store_true", default=None,
                   help="plant the sample's problems (default: only for the default sample)")
    g.add_argument("--no-plant", dest="plant", action="store_false")
    ap.add_argument("--attachments", action="store_true",
                    help="also make the attachments and pictures that are missing or older than their sources "
                         "(LibreOffice, Chromium, build/imgtool); without it they are left as they are")
    ap.add_argument("--imgtool", default=os.environ.get("NB_IMGTOOL", os.path.join(here, "..", "..", "build", "tests", "imgtool")),
                    help="tests/tools/imgtool as built by CMake (default: build/tests/imgtool of this repo)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.townships < 1:
        ap.error("--townships must be at least 1")
    if args.years[0] < 2019:
        ap.error("--years must start in 2019 or later (the 2019 template)")
    args.is_default = (args.seed == DEFAULT_SEED and args.townships == DEFAULT_TOWNSHIPS and
                       tuple(args.years) == DEFAULT_YEARS and args.chrome_kb is None)
    if args.plant is None:
        args.plant = args.townships == DEFAULT_TOWNSHIPS and tuple(args.years) == DEFAULT_YEARS
    return args


def main(argv=None):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    reports, npages = generate(args)
    if not args.quiet:
        total = sum(r.page_bytes for r in reports)
        print("%s: %d report pages (%.1f MB), %d listing pages" % (args.out, len(reports), total / 1e6, npages),
              file=sys.stderr)


if __name__ == "__main__":
    main()
