"""What the officer-facing tests share (test_workbook, test_report_html, test_changes):
running nianbao on a copy of the sample county, reading its CSVs, headless Chromium and
LibreOffice with throw-away profiles, a small DOM of the rendered page."""
import csv
import html.parser
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import openpyxl
except ImportError:  # a Python of its own (pyenv) beside Debian's python3-openpyxl
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_run import rewrite_t4_review, report_of, seed_ocr_cache  # noqa: E402,F401

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
ROOT = os.environ.get("NB_ROOT", os.path.join(HERE, "..", ".."))
SAMPLE = os.path.join(ROOT, "examples", "sample-county")
with open(os.path.join(SAMPLE, "expected.json"), encoding="utf-8") as f:
    EXPECTED = json.load(f)
STATUS_ZH = {"ok": "按时", "late": "逾期", "image_only": "仅图片", "attachment_only": "仅附件", "unknown": "未知",
             "unreadable": "无法读取", "missing": "缺失"}
# The README's recipe: every column as text (2) but year (3) and value (10): standard (1).
LO_FILTER = "CSV:44,34,76,1,1/2/2/2/3/1/4/2/5/2/6/2/7/2/8/2/9/2/10/1/11/2/12/2/13/2/14/2"


def run(*args, timeout=120):
    p = subprocess.run([NIANBAO, *args], capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def read_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def unguard(text):
    """The text nianbao was given for a CSV field (its apostrophe off a formula start)."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r'" else text


def copy_sample(tmp):
    """A copy of the sample county, and its output folder with the OCR cache of the
    sample's pictures (test_run.seed_ocr_cache: these tests are not about OCR)."""
    county = os.path.join(tmp, "sample-county")
    shutil.copytree(SAMPLE, county)
    out = os.path.join(tmp, "out")
    seed_ocr_cache(out)
    return os.path.join(county, "county.ini"), out


def chromium(*args, timeout=120):
    profile = tempfile.mkdtemp(prefix="nb-chromium-")
    try:
        p = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", *args], capture_output=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return p


def soffice(*args, timeout=180):
    home = tempfile.mkdtemp(prefix="nb-lo-")
    try:
        p = subprocess.run(["soffice", "--headless", "--norestore", *args], capture_output=True, timeout=timeout,
                           env=dict(os.environ, HOME=home))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return p


class Dom(html.parser.HTMLParser):
    """The rendered page as a tree of (tag, attrs, children, text) — enough to find the
    cells and items a person sees."""

    VOID = {"meta", "br", "img", "link", "input", "hr", "circle", "line", "polyline", "path", "rect"}

    def __init__(self, text):
        super().__init__()
        self.root = {"tag": "", "attrs": {}, "children": [], "text": ""}
        self.stack = [self.root]
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1]["children"].append({"tag": tag, "attrs": dict(attrs), "children": [], "text": ""})

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1]["children"].append({"tag": "#text", "attrs": {}, "children": [], "text": data})

    @staticmethod
    def text(node):
        return node["text"] + "".join(Dom.text(c) for c in node["children"])

    def find(self, tag=None, node=None, **attrs):
        out = []
        for c in (node or self.root)["children"]:
            if (tag is None or c["tag"] == tag) and all(
                    v in c["attrs"].get(k.rstrip("_"), "").split() for k, v in attrs.items()):
                out.append(c)
            out += self.find(tag, c, **attrs)
        return out


def summary_of(out):
    """The counts of changes.csv as the summary line states them."""
    rows = read_csv(os.path.join(out, "changes.csv"))
    kinds = [r["change"] for r in rows]
    revised = {(r["township"], r["year"]) for r in rows if r["change"] == "revised"}
    errors = sum(1 for r in rows if r["change"] == "appeared" and r["severity"] == "error" and not r["acknowledged"])
    warnings = sum(1 for r in rows if r["change"] == "appeared" and r["severity"] == "warning" and not r["acknowledged"])
    def n(k, one, many):
        return f"{k} {one if k == 1 else many}"
    return ", ".join([n(kinds.count("new_report"), "new report", "new reports"), f"{len(revised)} revised",
                      n(errors, "new error", "new errors"), n(warnings, "new warning", "new warnings"),
                      f"{kinds.count('resolved')} resolved"]) + "\n", rows


def keep_review_total(html, total):
    """Puts 行政复议's 总计 back to what it was (rewrite_t4_review recomputes it)."""
    start = html.index("复议后起诉")
    row_start = html.index("<tr", html.index("</tr>", html.index("<tr", html.index("</tr>", start))))
    row_end = html.index("</tr>", row_start)
    cells = html[row_start:row_end].split("<td")
    head, _, rest = cells[5].partition(">")
    cells[5] = head + ">" + str(total) + rest[rest.index("</td>"):]
    return html[:row_start] + "<td".join(cells) + html[row_end:]
