"""nianbao run on the bundled sample county (examples/sample-county), end to end:
the county tables' sums, every planted anomaly and no other error, the township-years
published as a PDF, a .docx and screenshots read cell for cell (the screenshots by OCR,
flagged, and not again on the next night), a rerun of one township that leaves every
other file byte-identical, the lock, and a run killed mid-way that leaves every output
old or complete."""

import atexit
import csv
import fcntl
import glob
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from decimal import Decimal, InvalidOperation

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
ROOT = os.environ.get("NB_ROOT", ".")
SAMPLE = os.path.join(ROOT, "examples", "sample-county")


def run(*args, timeout=120, env=None):
    p = subprocess.run([NIANBAO, *args], capture_output=True, timeout=timeout,
                       env=dict(os.environ, **env) if env else None)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


# Tesseract's language data in a folder that has none: a run that tried to OCR a picture
# would fail loudly (Tesseract reads TESSDATA_PREFIX), so a quiet run read none.
NO_TESSDATA_DIR = tempfile.mkdtemp(prefix="nb-no-tessdata-")
NO_TESSDATA = {"TESSDATA_PREFIX": NO_TESSDATA_DIR}


def tearDownModule():
    shutil.rmtree(NO_TESSDATA_DIR, ignore_errors=True)


_ocr_cache = []


def seed_ocr_cache(out):
    """Starts out with the OCR cache of the sample's pictures, as every night after the
    first has it: for the tests about what a night does (reruns, the lock, what changed,
    the workbook), not about OCR, which would otherwise spend 2 CPU-seconds in Tesseract
    on the same three pictures in each fresh run. The cache is what `nianbao extract
    --ocr-cache` makes of them, once per test process. SampleCounty runs cold."""
    if not _ocr_cache:
        folder = tempfile.mkdtemp(prefix="nb-ocr-cache-")
        atexit.register(shutil.rmtree, folder, True)
        with open(os.path.join(SAMPLE, "expected.json"), encoding="utf-8") as f:
            pictures = [os.path.join(SAMPLE, p) for r in json.load(f)["reports"] if r["form"] == "image"
                        for p in r["files"]]
        p = subprocess.run([NIANBAO, "extract", "--ocr-cache", folder, *pictures], capture_output=True, timeout=300)
        assert p.returncode == 0 and len(glob.glob(os.path.join(folder, "*", "*"))) == len(pictures), p.stderr
        _ocr_cache.append(folder)
    shutil.copytree(_ocr_cache[0], os.path.join(out, "raw", "ocr"))


def same_number(a, b):
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


def split_key(key):
    """"t2.art20_1.regulations.issued" -> ("t2", "art20_1.regulations", "issued")."""
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


def cell_is(cell, value, kind, unit=None):
    """Whether a CSV row says what expected.json's [value, kind(, unit)] says."""
    flags = cell["flag"].split(";")
    if kind == "number":
        return same_number(cell["value"], value) and (unit is None or cell["unit"] == unit)
    return cell["value"] == "" and kind in flags


def read_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data.startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 BOM"
    text = data[3:].decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), f"{path}: a line ends without CR"
    return list(csv.reader(io.StringIO(text, newline="")))


def snapshot(out):
    files = {}
    for path in glob.glob(os.path.join(out, "**", "*"), recursive=True):
        if os.path.isfile(path) and not os.path.basename(path).startswith("."):
            with open(path, "rb") as f:
                files[os.path.relpath(path, out)] = f.read()
    return files


class SampleCounty(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-run-")
        cls.county = os.path.join(cls.tmp, "sample-county")
        shutil.copytree(SAMPLE, cls.county)
        cls.ini = os.path.join(cls.county, "county.ini")
        cls.out = os.path.join(cls.tmp, "out")
        with open(os.path.join(SAMPLE, "expected.json"), encoding="utf-8") as f:
            cls.expected = json.load(f)
        cls.first = run("run", "-c", cls.ini, "-o", cls.out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def anomalies(self):
        return self.table("anomalies.csv")

    def table(self, name):
        rows = read_csv(os.path.join(self.out, name))
        return [dict(zip(rows[0], r)) for r in rows[1:]]

    def cells(self, rep):
        rows = self.table(os.path.join("townships", str(rep["year"]), rep["slug"] + ".csv"))
        return {(r["table"], r["row_key"], r["col_key"]): r for r in rows}

    def reports_as(self, *forms):
        return [r for r in self.expected["reports"] if r["form"] in forms]

    def test_1_first_run_succeeds_and_only_warns_about_the_portal(self):
        code, out, err = self.first
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "")
        for line in err.splitlines():
            self.assertIn("warning", line)  # the planted unregistered / out-of-range links

    def test_2_second_run_is_silent_and_rewrites_nothing(self):
        def stamps():
            return {p: (os.stat(p).st_ino, os.stat(p).st_mtime_ns)
                    for p in glob.glob(os.path.join(self.out, "**", "*"), recursive=True) if os.path.isfile(p)}
        before = stamps()
        # and reads no picture by OCR: without Tesseract's language data it could not
        code, out, err = run("run", "-c", self.ini, "-o", self.out, env=NO_TESSDATA)
        self.assertEqual((code, out, err), (0, "", ""))
        after = stamps()
        self.assertEqual(set(after), set(before))
        # The first run listed every report as new; this one has nothing to list, so the
        # documents that tell what changed are rewritten once, and nothing else but the
        # manifest, which records when each page was last checked.
        changed = {os.path.relpath(p, self.out) for p in after if after[p] != before[p]}
        self.assertEqual(changed, {"manifest.csv", "changes.csv", "report.html", "county.xlsx"})
        self.assertEqual(len(read_csv(os.path.join(self.out, "changes.csv"))), 1)  # the header
        # A third night with nothing new rewrites nothing but the manifest (whose times
        # have a second's resolution: two runs within a second leave it alone too).
        before = stamps()
        self.assertEqual(run("run", "-c", self.ini, "-o", self.out), (0, "", ""))
        after = stamps()
        changed = {os.path.relpath(p, self.out) for p in after if after[p] != before[p]}
        self.assertLessEqual(changed, {"manifest.csv"})

    def test_3_every_township_year_has_its_csv(self):
        missing = {(m["township"], m["year"]) for m in self.expected["missing"]}
        for t in self.expected["townships"]:
            for year in range(2019, 2025):
                path = os.path.join(self.out, "townships", str(year), t["slug"] + ".csv")
                self.assertEqual(os.path.exists(path), (t["name"], year) not in missing, path)

    def test_3_key_figures_match_the_generated_reports(self):
        for rep in self.expected["reports"]:
            rows = read_csv(os.path.join(self.out, "townships", str(rep["year"]), rep["slug"] + ".csv"))
            header = rows[0]
            cells = {(r[4], r[5], r[6]): dict(zip(header, r)) for r in rows[1:]}
            for key, value in rep["figures"].items():
                table, row, col = key.split(".")
                cell = cells[(table, row, col)]
                if "ocr_uncertain" in cell["flag"].split(";"):
                    continue  # read from a picture and in doubt: counted in test_5
                # the generator counts a blank or placeholder cell as 0, as the roll-up does
                flags = cell["flag"].split(";")
                got = "0" if "blank" in flags or "placeholder" in flags else cell["value"]
                self.assertEqual(got, str(value), (rep["township"], rep["year"], key))
            self.assertEqual(cells[("meta", "page", "publish_date")]["raw"], rep["publish_date"])
            self.assertEqual(rows[1][3], rep["template"], (rep["township"], rep["year"]))

    def test_4_county_table3_sums(self):
        for year, sums in self.expected["county_sums"].items():
            rows = read_csv(os.path.join(self.out, year, "county_table3.csv"))
            self.assertIn(f"{sums['townships_reporting']}个乡镇合计", rows[0][0])
            by_label = {r[0]: r for r in rows[2:] if len(r) == 8}
            labels = list(by_label)
            for key, total in sums["t3_total"].items():
                if key == "res_other_sum":
                    continue
                matches = [l for l in labels if l.endswith(LABEL_END[key])]
                if not matches:  # a row of the other format than the year's table
                    continue
                self.assertEqual(by_label[matches[0]][7], str(total), (year, key))
            notes = {r[0]: r[1] for r in rows if len(r) == 2}
            self.assertEqual(notes["纳入统计的乡镇数"], str(sums["townships_reporting"]))
            missing = "、".join(sums["townships_missing"]) or "无"
            self.assertEqual(notes["缺少年报的乡镇"], missing)

    def test_4_county_tables_name_what_they_left_out(self):
        rows = read_csv(os.path.join(self.out, "2019", "county_table2.csv"))
        notes = {r[0]: r[1] for r in rows if len(r) == 2}
        # six townships print 采购总金额 as a bare 0: zero in any unit, counted; 柳河镇's bare
        # 38000 is not, and is named with its text and the reason
        self.assertEqual(notes["缺失、无法识别或金额单位不明、未计入的单元格"], "1")
        at = [r[0] if r else "" for r in rows].index("未计入合计的单元格：乡镇")
        self.assertEqual(rows[at], ["未计入合计的单元格：乡镇", "单元格", "原文", "原因"])
        self.assertEqual(rows[at + 1], ["柳河镇", "第二十条第（九）项 政府集中采购 / 采购总金额", "38000",
                                        "金额没有注明单位（元或万元）"])
        self.assertEqual(len(rows), at + 2)

    def test_4_county_tables_mark_included_townships_with_errors(self):
        rows = read_csv(os.path.join(self.out, "2020", "county_table3.csv"))
        at = [r[0] if r else "" for r in rows].index("已计入合计、但年报有错误的乡镇")
        marked = rows[at + 1:]
        self.assertEqual([(r[0], r[1]) for r in marked], [("南塘镇", "I2"), ("南塘镇", "I2")])
        self.assertIn("勾稽关系不成立", marked[0][2])
        # table 二 of the same year names no error: 南塘镇's errors are in table 三
        rows2 = read_csv(os.path.join(self.out, "2020", "county_table2.csv"))
        self.assertNotIn("已计入合计、但年报有错误的乡镇", [r[0] for r in rows2 if r])
        # 2023: 青石镇 is missing, not "included with errors"
        rows3 = read_csv(os.path.join(self.out, "2023", "county_table3.csv"))
        self.assertNotIn("已计入合计、但年报有错误的乡镇", [r[0] for r in rows3 if r])

    def test_4_county_table3_has_the_official_header_rows(self):
        for year in ("2019", "2021"):
            rows = read_csv(os.path.join(self.out, year, "county_table3.csv"))
            self.assertEqual(rows[1][0], "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
            self.assertEqual(rows[1][1:], ["申请人情况", "", "", "", "", "", ""])
            self.assertEqual(rows[2][1:], ["自然人", "法人或其他组织", "", "", "", "", "总计"])
            self.assertEqual(rows[3][1:], ["", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
            self.assertTrue(rows[4][0].startswith("一、本年新收"))

    def test_4_planted_anomalies_and_no_other_error(self):
        found = self.anomalies()
        errors = sorted((a["rule"], a["township"], a["year"], a["col_key"]) for a in found if a["severity"] == "error")
        self.assertEqual(errors, [("I2", "南塘镇", "2020", "natural_person"), ("I2", "南塘镇", "2020", "total"),
                                  ("M1", "青石镇", "2023", "")])
        i2 = [a for a in found if a["rule"] == "I2" and a["col_key"] == "total"][0]
        self.assertEqual(i2["message"], "表三“总计”列：第一项+第二项=5，第三项+第四项=4，勾稽关系不成立")
        self.assertEqual((i2["expected"], i2["actual"]), ("4", "5"))
        warnings = {(a["rule"], a["township"], a["year"]) for a in found if a["severity"] == "warning"}
        for w in [("L1", "东湖镇", "2021"), ("T1", "白沙镇", "2022"), ("S3", "金田乡", "2024"),
                  ("O1", "龙泉镇", "2022")]:
            self.assertIn(w, warnings)
        late = [a for a in found if a["rule"] == "L1"][0]
        self.assertEqual((late["expected"], late["actual"]), ("2022-01-31", "2022-04-15"))
        severities = [a["severity"] for a in found]
        self.assertEqual(severities, sorted(severities, key=["error", "warning", "info"].index))

    def test_4_overview_has_one_row_per_township_year(self):
        rows = read_csv(os.path.join(self.out, "overview.csv"))
        header = rows[0]
        self.assertEqual(header[:4], ["county", "township", "year", "received"])
        overview = {(r[1], r[2]): dict(zip(header, r)) for r in rows[1:]}
        # every registered township-year, the missing one included, with its status
        self.assertEqual(len(overview), len(self.expected["townships"]) * 6)
        self.assertEqual(len(rows) - 1, len(overview))
        missing = {(m["township"], str(m["year"])) for m in self.expected["missing"]}
        forms = {(r["township"], str(r["year"])): r["form"] for r in self.reports_as("pdf", "docx", "image")}
        for key, row in overview.items():
            self.assertEqual(row["county_code"], self.expected["code"], key)
            if key in missing:
                self.assertEqual(row["status"], "missing", key)
                self.assertEqual((row["received"], row["template"], row["source_url"]), ("", "", ""), key)
                self.assertEqual(row["anomalies"], "1", key)  # M1
            elif key in forms:
                self.assertEqual(row["status"], STATUS_OF_FORM[forms[key]], key)
            else:
                self.assertEqual(row["status"], "late" if key == ("东湖镇", "2021") else "ok", key)
        late = overview[("东湖镇", "2021")]
        self.assertEqual((late["publish_date"], late["on_time"]), ("2022-04-15", "no"))
        outlier = overview[("龙泉镇", "2022")]
        self.assertEqual(outlier["received"], "180")
        self.assertGreaterEqual(int(outlier["anomalies"]), 1)


    # ---- the reports published as a PDF, a .docx and pictures ----

    def test_5_files_and_pictures_give_their_township_years_and_none_is_missing(self):
        self.assertEqual(sorted(r["form"] for r in self.reports_as("pdf", "docx", "image")), ["docx", "image", "pdf"])
        overview = {(r["township"], r["year"]): r for r in self.table("overview.csv")}
        anomalies = self.anomalies()
        for rep in self.reports_as("pdf", "docx", "image"):
            key = (rep["township"], str(rep["year"]))
            row = overview[key]
            self.assertEqual(row["status"], STATUS_OF_FORM[rep["form"]], key)
            # the figures' source: the file, or the page that shows the pictures
            self.assertTrue(row["source_url"].endswith("/" + (rep["url"] if rep["form"] == "image" else rep["files"][0])),
                            (key, row["source_url"]))
            # the publish date is the page's, also for a report read from a file
            self.assertEqual((row["publish_date"], row["on_time"]), (rep["publish_date"], "yes"), key)
            self.assertEqual([a for a in anomalies if (a["township"], a["year"]) == key], [], key)

    def test_5_pdf_and_docx_give_every_cell(self):
        for rep in self.reports_as("pdf", "docx"):
            cells = self.cells(rep)
            wrong = []
            for key, want in rep["cells"].items():
                cell = cells[split_key(key)]
                if not cell_is(cell, *want) or "ocr" in cell["flag"].split(";"):
                    wrong.append((key, want, cell["value"], cell["raw"], cell["flag"]))
            self.assertEqual(wrong, [], (rep["township"], rep["year"], rep["form"]))
            self.assertEqual(len(rep["cells"]), 200 if rep["template"] == "2021" else 198)
            self.assertEqual(cells[("meta", "page", "source_kind")]["raw"], "attachment")
            # the CSV names the file the figures are from and the page that links it
            self.assertTrue(cells[("t3", "new_received", "total")]["source_url"].endswith("/" + rep["files"][0]))
            self.assertTrue(cells[("meta", "page", "page_url")]["raw"].endswith("/" + rep["url"]),
                            cells[("meta", "page", "page_url")])

    def test_5_pictures_are_read_by_ocr_flagged_and_never_wrong_without_a_flag(self):
        (rep,) = self.reports_as("image")
        cells = self.cells(rep)
        right, doubted_right, doubted_wrong, wrong = [], [], [], []
        for key, want in rep["cells"].items():
            cell = cells[split_key(key)]
            flags = cell["flag"].split(";")
            self.assertIn("ocr", flags, (key, cell))
            self.assertNotIn("not_found", flags, (key, cell))
            ok = cell_is(cell, *want)
            ((doubted_right if ok else doubted_wrong) if "ocr_uncertain" in flags else (right if ok else wrong)).append(
                (key, want, cell["value"], cell["raw"], cell["flag"]))
        self.assertEqual(wrong, [])
        self.assertEqual(cells[("meta", "page", "source_kind")]["raw"], "image")
        sys.stderr.write(f"\n{rep['township']} {rep['year']} read from pictures: {len(right)} cells right, "
                         f"{len(doubted_right)} right and flagged ocr_uncertain, {len(doubted_wrong)} wrong and "
                         f"flagged ocr_uncertain, 0 wrong without the flag\n")

    def test_5_manifest_names_each_file_and_its_page_and_the_logo_is_not_fetched(self):
        manifest = self.table("manifest.csv")
        by_url = {r["url"].split("/portal/", 1)[1]: r for r in manifest}
        for rep in self.reports_as("pdf", "docx", "image"):
            for f in rep["files"]:
                row = by_url[f.split("portal/", 1)[1]]
                self.assertEqual(row["kind"], rep["form"] if rep["form"] != "image" else "image", f)
                self.assertTrue(row["parent"].endswith("/" + rep["url"]), row)
                self.assertEqual((row["township"], row["year"]), (rep["township"], str(rep["year"])))
        # every report page shows the site's logo above the article, in the mirror: never fetched
        self.assertTrue(os.path.exists(os.path.join(self.county, "portal", "gknb", "images", "logo.png")))
        self.assertEqual([u for u in by_url if "logo" in u], [])

    def test_6_rereading_the_archive_reads_the_pictures_from_the_ocr_cache(self):
        (rep,) = self.reports_as("image")
        path = os.path.join(self.out, "townships", str(rep["year"]), rep["slug"] + ".csv")
        with open(path, "rb") as f:
            before = f.read()
        self.assertTrue(os.listdir(os.path.join(self.out, "raw", "ocr")))
        # --offline extracts every archived page and picture again; Tesseract could not
        # start, so what the pictures gave comes from <out>/raw/ocr
        self.assertEqual(run("run", "--offline", "-c", self.ini, "-o", self.out, env=NO_TESSDATA), (0, "", ""))
        with open(path, "rb") as f:
            self.assertEqual(f.read(), before)


STATUS_OF_FORM = {"pdf": "attachment_only", "docx": "attachment_only", "image": "image_only"}


# The end of each table-3 row label as the county table prints it.
LABEL_END = {
    "new_received": "本年新收政府信息公开申请数量", "carried_over": "上年结转政府信息公开申请数量",
    "res_granted": "予以公开", "res_partial": "不计其他情形）",
    "res_denied_state_secret": "属于国家秘密", "res_denied_law_prohibited": "其他法律行政法规禁止公开",
    "res_denied_security_stability": "危及“三安全一稳定”", "res_denied_third_party": "保护第三方合法权益",
    "res_denied_internal_affairs": "属于三类内部事务信息", "res_denied_process_info": "属于四类过程性信息",
    "res_denied_enforcement_file": "属于行政执法案卷", "res_denied_admin_query": "属于行政查询事项",
    "res_unable_not_held": "本机关不掌握相关政府信息", "res_unable_needs_creation": "没有现成信息需要另行制作",
    "res_unable_still_unclear": "补正后申请内容仍不明确", "res_notproc_petition": "信访举报投诉类申请",
    "res_notproc_repeat": "重复申请", "res_notproc_publication": "要求提供公开出版物",
    "res_notproc_excessive": "无正当理由大量反复申请", "res_notproc_confirm_reissue": "要求行政机关确认或重新出具已获取信息",
    "res_other": "（六）其他处理", "res_total": "（七）总计", "carry_forward": "结转下年度继续办理",
    "res_other_no_correction": "逾期不补正、行政机关不再处理其政府信息公开申请",
    "res_other_no_fee": "缴纳费用、行政机关不再处理其政府信息公开申请", "res_other_other": "3.其他",
}


def report_of(expected, township, year):
    return [r for r in expected["reports"] if r["township"] == township and r["year"] == year][0]


class RerunOneTownship(unittest.TestCase):
    """A person fixes one township: only its file changes; the county is rebuilt."""

    def test_rerun_of_a_revised_page_touches_only_that_township(self):
        with tempfile.TemporaryDirectory(prefix="nb-rerun-") as tmp:
            county = os.path.join(tmp, "sample-county")
            shutil.copytree(SAMPLE, county)
            ini, out = os.path.join(county, "county.ini"), os.path.join(tmp, "out")
            with open(os.path.join(SAMPLE, "expected.json"), encoding="utf-8") as f:
                expected = json.load(f)
            seed_ocr_cache(out)
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            before = snapshot(out)

            # The portal silently revises 城关镇's 2019 report: one more application granted.
            rep = report_of(expected, "城关镇", 2019)
            page = os.path.join(county, rep["url"])
            with open(page, "rb") as f:
                html = f.read()
            self.assertIn("城关镇".encode(), html)
            revised = html.replace(b"</body>", b"<!-- revised --></body>")
            with open(page, "wb") as f:
                f.write(revised)

            code, _, err = run("run", "-c", ini, "-o", out, "--township", "城关镇", "--year", "2019")
            self.assertEqual(code, 0, err)
            after = snapshot(out)
            mine = os.path.join("townships", "2019", "chengguan.csv")
            for name, data in before.items():
                if name.startswith("townships" + os.sep) and name != mine:
                    self.assertEqual(after[name], data, name)
            # The page's bytes changed but not what nianbao reads in it: no revision, no new
            # archive copy, the township's own CSV untouched (its sha256 row names the copy kept).
            archives = [n for n in after if n.startswith(os.path.join("raw", "chengguan", "2019")) and n.endswith(".gz")]
            self.assertEqual(len(archives), 1)
            self.assertEqual(after[mine], before[mine])
            self.assertNotIn("R1", {a[1] for a in read_csv(os.path.join(out, "anomalies.csv"))[1:]})
            # County outputs are rebuilt from every stored township: nothing shrank.
            for name in ("anomalies.csv", "overview.csv"):
                self.assertEqual(after[name], before[name], name)
            for year in range(2019, 2025):
                self.assertEqual(after[os.path.join(str(year), "county_table3.csv")],
                                 before[os.path.join(str(year), "county_table3.csv")])

    def test_silent_revision_is_reported_with_old_and_new_values(self):
        with tempfile.TemporaryDirectory(prefix="nb-revise-") as tmp:
            county = os.path.join(tmp, "sample-county")
            shutil.copytree(SAMPLE, county)
            ini, out = os.path.join(county, "county.ini"), os.path.join(tmp, "out")
            seed_ocr_cache(out)
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            csv_path = os.path.join(out, "townships", "2021", "chengguan.csv")
            rows = read_csv(csv_path)
            header = rows[0]
            review = [dict(zip(header, r)) for r in rows[1:] if r[4] == "t4" and r[5] == "review" and r[6] == "pending"][0]
            with open(os.path.join(SAMPLE, "expected.json"), encoding="utf-8") as f:
                rep = report_of(json.load(f), "城关镇", 2021)
            page = os.path.join(county, rep["url"])
            with open(page, encoding="utf-8") as f:
                html = f.read()
            # Rewrite the whole t4 figure row with another 尚未审结 (pending) and total.
            new_pending = int(review["value"] or 0) + 7
            html = rewrite_t4_review(html, new_pending)
            with open(page, "w", encoding="utf-8") as f:
                f.write(html)
            code, _, err = run("run", "-c", ini, "-o", out, "--township", "chengguan", "--year", "2021")
            self.assertEqual(code, 0, err)
            revisions = [dict(zip(read_csv(os.path.join(out, "anomalies.csv"))[0], r))
                         for r in read_csv(os.path.join(out, "anomalies.csv"))[1:] if r[1] == "R1"]
            pending = [r for r in revisions if r["row_key"] == "review" and r["col_key"] == "pending"]
            self.assertEqual(len(pending), 1, revisions)
            self.assertEqual((pending[0]["expected"], pending[0]["actual"]), (review["value"] or review["raw"] or "", str(new_pending)))
            kept = glob.glob(os.path.join(out, "raw", "chengguan", "2021", "*.csv"))
            self.assertEqual(len(kept), 1)  # the superseded CSV, kept in the archive
            # A later full run still lists the revision.
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            self.assertIn("R1", [r[1] for r in read_csv(os.path.join(out, "anomalies.csv"))[1:]])


def rewrite_t4_review(html, pending):
    """The sample's table 四 data row: 15 <td>s after the header; set review's 尚未审结 and 总计."""
    start = html.index("复议后起诉")
    row_start = html.index("<tr", html.index("</tr>", html.index("<tr", html.index("</tr>", start))))
    row_end = html.index("</tr>", row_start)
    row = html[row_start:row_end]
    cells = row.split("<td")
    # cells[0] is the <tr ...> head; cells[1..15] the figures
    def set_cell(i, value):
        head, _, rest = cells[i].partition(">")
        content_end = rest.index("</td>")
        cells[i] = head + ">" + str(value) + rest[content_end:]
    upheld = [int(''.join(ch for ch in c.partition(">")[2].split("</td>")[0] if ch.isdigit()) or 0) for c in cells[1:5]]
    set_cell(4, pending)
    set_cell(5, upheld[0] + upheld[1] + upheld[2] + pending)
    return html[:row_start] + "<td".join(cells) + html[row_end:]


class Lock(unittest.TestCase):
    def test_a_second_run_exits_3_and_names_the_holder(self):
        with tempfile.TemporaryDirectory(prefix="nb-lock-") as out:
            with open(os.path.join(out, ".lock"), "w") as f:
                f.write("pid 4242 on testhost since 2026-01-01T00:00:00Z: nianbao run -c x.ini\n")
                f.flush()
                fcntl.flock(f, fcntl.LOCK_EX)
                start = time.monotonic()
                code, _, err = run("run", "-c", os.path.join(SAMPLE, "county.ini"), "-o", out)
                self.assertEqual(code, 3, err)
                self.assertLess(time.monotonic() - start, 10)  # at once, not after waiting
                self.assertIn("pid 4242 on testhost", err)
            # released: the next run goes through
            seed_ocr_cache(out)
            self.assertEqual(run("run", "-q", "-c", os.path.join(SAMPLE, "county.ini"), "-o", out)[0], 0)


class KilledRun(unittest.TestCase):
    """kill -9 in the middle of a run: every output is the old or the complete new
    version, the next run completes, and the lock is free."""

    def test_kill_mid_run(self):
        with tempfile.TemporaryDirectory(prefix="nb-kill-") as tmp:
            county = os.path.join(tmp, "sample-county")
            shutil.copytree(SAMPLE, county)
            ini = os.path.join(county, "county.ini")
            out, reference = os.path.join(tmp, "out"), os.path.join(tmp, "reference")
            seed_ocr_cache(out)  # the killed run is a later night: its cache is there anyway
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            old = snapshot(out)
            # Change every report page so that the next run rewrites every output.
            for page in glob.glob(os.path.join(county, "portal", "gknb", "content", "*.html")):
                with open(page, "rb") as f:
                    data = f.read()
                with open(page, "wb") as f:
                    f.write(data.replace(b"</html>", b"<!-- v2 --></html>"))
            shutil.copytree(out, reference)
            self.assertEqual(run("run", "-q", "-c", ini, "-o", reference)[0], 0)
            new = snapshot(reference)
            # How long a run takes here, to kill at a random point inside it.
            shutil.rmtree(reference)
            shutil.copytree(out, reference)
            t0 = time.monotonic()
            run("run", "-q", "-c", ini, "-o", reference)
            duration = time.monotonic() - t0
            rng = random.Random(7)
            p = subprocess.Popen([NIANBAO, "run", "-q", "-c", ini, "-o", out],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, 0.8) * duration)
            p.send_signal(signal.SIGKILL)
            p.wait()
            now = snapshot(out)
            for name, data in now.items():
                if name in ("manifest.csv",):  # holds fetch times: compared by shape below
                    continue
                if name.endswith(".csv"):
                    self.assertTrue(data == old.get(name) or data == new.get(name), f"{name} is neither old nor new")
            read_csv(os.path.join(out, "manifest.csv"))
            code, _, err = run("run", "-q", "-c", ini, "-o", out)
            self.assertEqual(code, 0, err)
            final = snapshot(out)
            for name, data in new.items():
                if name.endswith(".csv") and name != "manifest.csv":
                    self.assertEqual(final.get(name), data, name)
            self.assertFalse([n for n in glob.glob(os.path.join(out, "**", ".*.tmp-*"), recursive=True)])


if __name__ == "__main__":
    unittest.main(verbosity=2)
