#!/usr/bin/env python3
"""What changed, and muting (issue 15), on copies of the sample county: new reports, a
planted revision and a new error in changes.csv and the summary line; the summary on a
terminal and not under cron; an unreadable page's status; a night the portal is down;
-v; --fail-on and acknowledged.csv."""
import os
import pty
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from officer_util import *  # noqa: E402,F401,F403


class Changes(unittest.TestCase):
    def test_new_reports_revision_and_new_error(self):
        with tempfile.TemporaryDirectory(prefix="nb-changes-") as tmp:
            ini, out = copy_sample(tmp)
            # a first run that read 2019-2023 only: 2024 is missing
            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out, "--year", "2019-2023")
            self.assertEqual(code, 0, err)
            line, rows = summary_of(out)
            self.assertEqual(stdout, line)
            self.assertTrue(stdout.startswith("59 new reports, 0 revised, 15 new errors"), stdout)  # 12 M1 for 2024

            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out)
            self.assertEqual(code, 0, err)
            line, rows = summary_of(out)
            self.assertEqual(stdout, line)
            self.assertTrue(stdout.startswith("12 new reports, 0 revised, 0 new errors"), stdout)
            self.assertTrue(stdout.endswith(", 12 resolved\n"), stdout)  # the twelve M1 of 2024
            new = [r for r in rows if r["change"] == "new_report"]
            self.assertEqual({(r["year"], r["old"]) for r in new}, {("2024", "missing")})
            # 2024's reports are on time; 南塘镇's tables are pictures (the sample's image-only report)
            pictures = [(r["township"], r["year"]) for r in EXPECTED["reports"] if r["form"] == "image"]
            self.assertEqual(sorted((r["township"], int(r["year"]), r["new"]) for r in new if r["new"] != "ok"),
                             [(t, y, "image_only") for t, y in pictures])
            self.assertEqual({r["rule"] for r in rows if r["change"] == "resolved"}, {"M1"})
            appeared = {(r["rule"], r["township"]) for r in rows if r["change"] == "appeared"}
            self.assertIn(("S3", "金田乡"), appeared)

            # the portal silently revises 城关镇 2020: 尚未审结 of 行政复议 +7, its 总计 left
            # as it was, so 总计 no longer adds up (I4): one revised report, one new error
            rep = report_of(EXPECTED, "城关镇", 2020)
            page = os.path.join(os.path.dirname(ini), rep["url"])
            with open(page, encoding="utf-8") as f:
                html = f.read()
            # a figure as R1 quotes it: the number, or the cell's text when it holds none ("-")
            before = {(r["row_key"], r["col_key"]): r["value"] or unguard(r["raw"])
                      for r in read_csv(os.path.join(out, "townships", "2020", "chengguan.csv"))}
            pending = int(before[("review", "pending")] if before[("review", "pending")].isdigit() else 0) + 7
            revised = rewrite_t4_review(html, pending)
            total = before[("review", "total")]
            revised = keep_review_total(revised, total)
            with open(page, "w", encoding="utf-8") as f:
                f.write(revised)
            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out)
            self.assertEqual(code, 0, err)
            line, rows = summary_of(out)
            self.assertEqual(stdout, "0 new reports, 1 revised, 1 new error, 0 new warnings, 0 resolved\n")
            self.assertEqual(stdout, line)
            rev = [r for r in rows if r["change"] == "revised"]
            self.assertEqual([(r["township"], r["year"], r["rule"], r["table"], r["row_key"], r["col_key"], r["old"], r["new"])
                              for r in rev],
                             [("城关镇", "2020", "R1", "t4", "review", "pending", before[("review", "pending")],
                               str(pending))])
            err_rows = [r for r in rows if r["change"] == "appeared"]
            self.assertEqual([(r["rule"], r["severity"], r["township"]) for r in err_rows], [("I4", "error", "城关镇")])
            # the report tells it too
            with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                page_text = f.read()
            self.assertIn("数字修改", page_text)
            self.assertIn(f"<code>t4/review/pending</code> {before[('review', 'pending')]} → {pending}", page_text)
            # and cron can be told: an error not acknowledged fails the run
            code, stdout, err = run("run", "-q", "--fail-on", "error", "-c", ini, "-o", out)
            self.assertEqual((code, stdout), (5, ""), err)

    def test_summary_on_a_terminal_not_under_cron(self):
        with tempfile.TemporaryDirectory(prefix="nb-tty-") as tmp:
            ini, out = copy_sample(tmp)
            code, stdout, err = run("run", "-c", ini, "-o", out)  # cron: stdout is no terminal
            self.assertEqual((code, stdout), (0, ""), err)
            master, slave = pty.openpty()
            p = subprocess.run([NIANBAO, "run", "-c", ini, "-o", out], stdout=slave, stderr=subprocess.PIPE, timeout=120)
            os.close(slave)
            seen = b""
            try:
                while True:
                    chunk = os.read(master, 4096)
                    if not chunk:
                        break
                    seen += chunk
            except OSError:
                pass
            os.close(master)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(seen.decode("utf-8").replace("\r\n", "\n"),
                             "0 new reports, 0 revised, 0 new errors, 0 new warnings, 0 resolved\n")
            master, slave = pty.openpty()
            p = subprocess.run([NIANBAO, "run", "-q", "-c", ini, "-o", out], stdout=slave, stderr=subprocess.PIPE, timeout=120)
            os.close(slave)
            os.set_blocking(master, False)
            try:
                quiet = os.read(master, 4096)
            except OSError:
                quiet = b""
            os.close(master)
            self.assertEqual(quiet, b"")  # -q: nothing but failures

    def test_unreadable_page_is_not_missing_in_the_overview(self):
        with tempfile.TemporaryDirectory(prefix="nb-unread-") as tmp:
            ini, out = copy_sample(tmp)
            rep = report_of(EXPECTED, "北山乡", 2020)
            page = os.path.join(os.path.dirname(ini), rep["url"])
            with open(page, "w", encoding="utf-8") as f:
                f.write("<html><head><title>北山乡2020年政府信息公开工作年度报告</title></head>"
                        "<body><h1>北山乡2020年政府信息公开工作年度报告</h1><p>见附件。</p></body></html>")
            code, _, err = run("run", "-q", "-c", ini, "-o", out)
            self.assertEqual(code, 1, err)
            self.assertIn("北山乡 2020", err)
            o = {(r["township"], r["year"]): r for r in read_csv(os.path.join(out, "overview.csv"))}
            self.assertEqual(o[("北山乡", "2020")]["status"], "unreadable")
            self.assertTrue(o[("北山乡", "2020")]["source_url"].endswith(rep["url"].split("/")[-1]))
            with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                self.assertIn('<td class="unreadable" title="北山乡2020年度：无法读取">', f.read())

    def test_portal_down_keeps_discovered_csv(self):
        with tempfile.TemporaryDirectory(prefix="nb-down-") as tmp:
            ini, out = copy_sample(tmp)
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            with open(os.path.join(out, "discovered.csv"), "rb") as f:
                good = f.read()
            self.assertEqual(len(read_csv(os.path.join(out, "discovered.csv"))), 3)
            listing = os.path.join(os.path.dirname(ini), "portal", "gknb", "index.html")
            os.rename(listing, listing + ".down")
            code, _, err = run("run", "-q", "-c", ini, "-o", out)
            self.assertEqual(code, 1, err)
            self.assertIn("index.html", err)
            with open(os.path.join(out, "discovered.csv"), "rb") as f:
                self.assertEqual(f.read(), good)
            # what the listing could not show tonight is not called missing, and that is no news
            o = {(r["township"], r["year"]): r["status"] for r in read_csv(os.path.join(out, "overview.csv"))}
            self.assertEqual(o[("青石镇", "2023")], "unknown")
            self.assertEqual(read_csv(os.path.join(out, "changes.csv")), [])
            # nor the night after, when the listing is back and 青石镇 2023 missing again
            os.rename(listing + ".down", listing)
            code, stdout, err = run("run", "-q", "--summary", "-c", ini, "-o", out)
            self.assertEqual((code, stdout), (0, "0 new reports, 0 revised, 0 new errors, 0 new warnings, 0 resolved\n"),
                             err)

    def test_verbose_tells_only_this_runs_pages(self):
        with tempfile.TemporaryDirectory(prefix="nb-verbose-") as tmp:
            ini, out = copy_sample(tmp)
            self.assertEqual(run("run", "-q", "-c", ini, "-o", out)[0], 0)
            code, _, err = run("run", "-v", "-c", ini, "-o", out, "--township", "南塘镇", "--year", "2020")
            self.assertEqual(code, 0, err)
            pages = [l for l in err.splitlines() if re.match(r"nianbao run: \S+ \d{4} \S+: ", l)]
            self.assertEqual(len(pages), 1, err)
            self.assertTrue(pages[0].startswith("nianbao run: 南塘镇 2020 file://"), pages)
            self.assertTrue(pages[0].endswith(": unchanged"), pages)


class Acknowledged(unittest.TestCase):
    def test_an_acknowledged_finding_stops_failing(self):
        with tempfile.TemporaryDirectory(prefix="nb-ack-") as tmp:
            ini, out = copy_sample(tmp)
            code, _, err = run("run", "--fail-on", "error", "-c", ini, "-o", out)
            self.assertEqual(code, 5, err)
            self.assertIn("nianbao run: 3 error(s) not acknowledged (--fail-on error)", err)
            with open(os.path.join(out, "acknowledged.csv"), "w", encoding="utf-8") as f:
                f.write("rule,township,year,cell,note,who,date\n"
                        "I2,南塘镇,2020,,原表如此，已与乡镇核实,张三,2025-03-02\n"
                        "M1,青石镇,2023,,2023年并入城关镇,李四,2025-03-03\n")
            code, _, err = run("run", "-q", "--fail-on", "error", "-c", ini, "-o", out)
            self.assertEqual(code, 0, err)
            anomalies = read_csv(os.path.join(out, "anomalies.csv"))
            muted = [(a["rule"], a["township"]) for a in anomalies if a["acknowledged"] == "yes"]
            self.assertEqual(sorted(muted), [("I2", "南塘镇"), ("I2", "南塘镇"), ("M1", "青石镇")])
            self.assertEqual([a["severity"] for a in anomalies][:3], ["error"] * 3)  # still listed as errors
            with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
                page = f.read()
            self.assertIn("（已确认：原表如此，已与乡镇核实，张三 2025-03-02）", page)
            ws = openpyxl.load_workbook(os.path.join(out, "county.xlsx"))["异常"]
            notes = [r[9] for r in ws.iter_rows(min_row=3, values_only=True) if r[8] == "是"]
            self.assertIn("2023年并入城关镇（李四，2025-03-03）", notes)
            # warnings still fail a run that asks to fail on them
            code, _, err = run("run", "-q", "--fail-on", "warning", "-c", ini, "-o", out)
            self.assertEqual(code, 5, err)
            # a mistake in the file stops the run before it starts, naming the line
            with open(os.path.join(out, "acknowledged.csv"), "a", encoding="utf-8") as f:
                f.write("I9,南塘镇,2020,,,,\n")
            code, _, err = run("run", "-q", "-c", ini, "-o", out)
            self.assertEqual(code, 2)
            self.assertEqual(err, f"nianbao run: {out}/acknowledged.csv:4: unknown rule \"I9\" (I1, I2, ... X4: see "
                                  "anomalies.csv)\n")
            code, _, err = run("run", "-q", "--fail-on", "sometimes", "-c", ini, "-o", out)
            self.assertEqual((code, err), (2, "nianbao run: --fail-on takes error, warning or never, not 'sometimes'\n"))

if __name__ == "__main__":
    unittest.main()
