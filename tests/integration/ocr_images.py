"""Pictures of report tables, made at test time the way real ones are made: the tables as
Word exports them to HTML (tests/fixtures/variants/make_fixtures.py), drawn by headless
Chromium with the CJK fonts of Debian (fonts-wqy-zenhei, fonts-noto-cjk), screenshot at
the sizes real screenshots have (text 12-18 px), cut to the table, and saved as PNG or as
JPEG at quality 60-75 (or GIF, BMP) by tests/tools/imgtool (Leptonica). Also a banner
and a photo, which hold no table, and scanned PDFs: pages drawn as a scanner sees them
(large type, turned a little, JPEG) and printed into a PDF by Chromium, one picture a
page, as a scanner's software makes them.

The figures are realistic rather than distinct: mostly 0 and blanks, some small counts,
a few large ones, 约 and 元 in amounts, placeholders (/ and —), and identities I1-I4
holding, as in a real report. expected(values, fmt) gives what the CSV must say."""
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402

NBSP = mf.NBSP
T4_GROUPS = mf.T4_GROUPS
T4_COLS = mf.T4_COLS


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("chromium not found: scripts/deps.sh installs it")


def imgtool():
    path = os.environ.get("NB_IMGTOOL")
    if not path or not os.path.exists(path):
        raise RuntimeError("NB_IMGTOOL (tests/tools/imgtool, built by CMake) not set")
    return path


# ---- figures ----
def realistic_values(fmt, seed):
    """key (table, row, col) -> cell text as printed."""
    rng = random.Random(seed)
    values = {}

    def count(big=False):
        r = rng.random()
        if r < 0.55:
            return 0
        if r < 0.85:
            return rng.randint(1, 9)
        if r < 0.97 or not big:
            return rng.randint(10, 99)
        return rng.randint(100, 3000)

    layout = [k for k, _, _ in mf.t3_layout(fmt)]
    results = [k for k in layout if k.startswith("res_") and k != "res_total"]
    blank_zero = rng.random() < 0.5  # some reports leave zeros blank, others print 0
    rows = {}
    for k in results:
        rows[k] = [count(big=True)] + [count() if rng.random() < 0.3 else 0 for _ in range(5)]
    rows["res_total"] = [sum(rows[k][c] for k in results) for c in range(6)]
    rows["carried_over"] = [rng.randint(0, 3) if rng.random() < 0.3 else 0 for _ in range(6)]
    rows["carry_forward"] = [rng.randint(0, 4) if rng.random() < 0.3 else 0 for _ in range(6)]
    rows["new_received"] = [rows["res_total"][c] + rows["carry_forward"][c] - rows["carried_over"][c]
                            for c in range(6)]
    for c in range(6):  # keep new_received >= 0
        if rows["new_received"][c] < 0:
            rows["carried_over"][c] += rows["new_received"][c]
            rows["new_received"][c] = 0
    for k, nums in rows.items():
        for c, col in enumerate(mf.T3_COLS[:6]):
            printed = str(nums[c])
            if nums[c] == 0 and blank_zero and k in results:
                printed = NBSP
            values[("t3", k, col)] = printed
        values[("t3", k, "total")] = str(sum(nums))
    cols = mf.COLS_2019 if fmt == "2019" else mf.COLS_2021
    for key, cs in cols.items():
        for c in cs:
            values[("t2", key, c)] = str(count(big=True))
    if fmt == "2019":
        values[("t2", "art20_5.licensing", "items_delta")] = "-" + str(rng.randint(1, 9))
        values[("t2", "art20_6.coercion", "decisions")] = "/"
        values[("t2", "art20_9.central_procurement", "proc_amount")] = "约%d万元" % rng.randint(2, 90)
        values[("t2", "art20_8.admin_fees", "items_delta")] = "—"
    else:
        values[("t2", "art20_8.admin_fees", "fee_amount_wan")] = "%d.%02d" % (rng.randint(1, 999), rng.randint(1, 99))
        values[("t2", "art20_6.coercion", "decisions")] = "—"
    for g in T4_GROUPS:
        nums = [rng.randint(0, 3) if rng.random() < 0.4 else 0 for _ in range(4)]
        for c in range(4):
            values[("t4", g, T4_COLS[c])] = str(nums[c])
        values[("t4", g, "total")] = str(sum(nums))
    return values


def expected(values):
    """key -> (value, kind) the CSV must show: kind "number", "blank" or "placeholder"."""
    out = {}
    for key, text in values.items():
        if text == NBSP:
            out[key] = ("", "blank")
        elif text in ("/", "—"):
            out[key] = ("", "placeholder")
        else:
            digits = text.replace("约", "").replace("万元", "").replace("元", "")
            out[key] = (digits, "number")
    return out


# ---- drawing ----
STYLE = """
body { margin: 24px; background: #fff; }
.MsoNormal { margin: 0; }
table { width: %(width)dpx !important; }
td { width: auto !important; }
tr:first-child td { border-top: solid windowtext 1.0pt !important; }
td span, td p { font-size: %(font)dpx !important; font-family: %(family)s !important; }
.turn { transform: rotate(%(angle).2fdeg); transform-origin: 50%% 50%%; display: inline-block; padding: 20px; }
"""

FAMILIES = {"song": "'Noto Serif CJK SC', serif", "hei": "'WenQuanYi Zen Hei', sans-serif",
            "sans": "'Noto Sans CJK SC', sans-serif"}


def table_html(table, values, fmt):
    if table == "t2":
        return mf.t2_r1_2019(values) if fmt == "2019" else mf.t2_2021(values)
    if table == "t3":
        return mf.t3_table(values, fmt)
    return mf.t4_table(values)


def render(tables_html, out_png, font=14, width=820, family="song", angle=0.0, height=1800, rulings=True,
           page=False):
    """Screenshots the tables (HTML) into out_png, cut to them with a small margin;
    rulings=False prints them without any (as some reports do); page=True keeps the
    whole window (width + 120 by height), a sheet of paper as a scanner sees it, on
    slightly grey paper."""
    work = tempfile.mkdtemp(prefix="nb-ocr-render-")
    try:
        html = os.path.join(work, "t.html")
        style = STYLE % dict(width=width, font=font, family=FAMILIES[family], angle=angle)
        if not rulings:
            style += "\ntd { border: none !important; }\n"
        if page:
            style += "\nbody { background: #f3f2ee; margin: 80px 60px; }\n"
        body = "".join(tables_html)
        if angle:
            body = '<div class="turn">%s</div>' % body
        with open(html, "w", encoding="utf-8") as f:
            f.write('<html><head><meta charset="utf-8"><style>%s</style></head><body>%s</body></html>' % (style, body))
        shot = os.path.join(work, "shot.png")
        screenshot("file://" + html, shot, width + 120, height, work)
        if page:
            shutil.copy(shot, out_png)
        else:
            subprocess.run([imgtool(), "--crop", "6", shot, out_png], check=True, timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def screenshot(url, out, w, h, work):
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--hide-scrollbars", "--user-data-dir=" + os.path.join(work, "profile"),
                    "--screenshot=" + out, "--window-size=%d,%d" % (w, h), url],
                   check=True, capture_output=True, timeout=120)


def convert(src, dst, fmt, quality=None):
    args = [imgtool(), src, dst, fmt] + ([str(quality)] if quality else [])
    subprocess.run(args, check=True, timeout=60)


def render_scan_pdf(images, out_pdf):
    """A scanned PDF: each picture (a sheet drawn with render(page=True), saved as JPEG
    as scanners do) fills one A4 page of a PDF printed by headless Chromium; no text on
    any page."""
    work = tempfile.mkdtemp(prefix="nb-ocr-render-")
    try:
        page = os.path.join(work, "scan.html")
        imgs = "".join('<div class="p"><img src="file://%s"></div>' % os.path.abspath(i) for i in images)
        with open(page, "w", encoding="utf-8") as f:
            f.write('<html><head><style>@page { size: A4; margin: 0 } body { margin: 0 }'
                    ' .p { page-break-after: always } img { width: 210mm; height: 297mm }</style></head>'
                    '<body>%s</body></html>' % imgs)
        profile = os.path.join(work, "profile")
        p = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--user-data-dir=" + profile, "--no-pdf-header-footer", "--allow-file-access-from-files",
                            "--print-to-pdf=" + out_pdf, "file://" + page], capture_output=True, timeout=120)
        if p.returncode != 0 or not os.path.exists(out_pdf):
            raise RuntimeError("chromium could not print the scan: " + p.stderr.decode(errors="replace")[-500:])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render_banner(out_png):
    """A portal's banner: the emblem, the site's name in large type, a framed strip."""
    work = tempfile.mkdtemp(prefix="nb-ocr-render-")
    try:
        page = os.path.join(work, "b.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write("""<html><head><meta charset="utf-8"><style>
body{margin:0;background:#fff}
.b{width:980px;height:150px;background:linear-gradient(90deg,#b71c1c,#e53935 60%,#ffb300);
   border:4px double #ffd54f;position:relative;font-family:'Noto Serif CJK SC',serif;color:#fff}
.e{position:absolute;left:30px;top:25px;width:96px;height:96px;border-radius:50%;
   background:radial-gradient(#ffd54f,#f9a825);border:3px solid #fff}
.t{position:absolute;left:150px;top:22px;font-size:56px;font-weight:bold;letter-spacing:6px}
.s{position:absolute;left:154px;top:100px;font-size:20px;letter-spacing:3px}
.n{position:absolute;right:20px;bottom:12px;font-size:15px;border-top:1px solid #fff;padding-top:4px}
</style></head><body><div class="b"><div class="e"></div><div class="t">示例县人民政府</div>
<div class="s">政府信息公开专栏 · www.example.gov.cn</div><div class="n">首页 | 政务公开 | 政府信息公开年报 | 互动交流</div></div></body></html>""")
        shot = os.path.join(work, "shot.png")
        screenshot("file://" + page, shot, 1000, 170, work)
        subprocess.run([imgtool(), "--crop", "0", shot, out_png], check=True, timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render_photo(out_png):
    """A landscape photo as a township page shows one (fields, hills, sky, trees): no
    text, no table. SVG turbulence gives it a photo's grain."""
    work = tempfile.mkdtemp(prefix="nb-ocr-render-")
    try:
        page = os.path.join(work, "p.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write("""<html><body style="margin:0"><svg width="800" height="520" xmlns="http://www.w3.org/2000/svg">
<defs><filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="3" seed="7"/>
<feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.35"/></feComponentTransfer>
<feBlend in="SourceGraphic" mode="multiply"/></filter>
<filter id="clouds"><feTurbulence type="fractalNoise" baseFrequency="0.012" numOctaves="4" seed="3"/>
<feColorMatrix values="0 0 0 0 1  0 0 0 0 1  0 0 0 0 1  0 0 0 0.9 -0.2"/></filter>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4f86c6"/><stop offset="1" stop-color="#cfe3f5"/></linearGradient>
<linearGradient id="field" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7cae3f"/><stop offset="1" stop-color="#3f6b1f"/></linearGradient></defs>
<g filter="url(#grain)"><rect width="800" height="520" fill="url(#sky)"/>
<rect width="800" height="300" filter="url(#clouds)"/>
<path d="M0 300 Q150 180 300 270 T620 230 T800 260 V520 H0Z" fill="#5d7f4a"/>
<path d="M0 360 Q200 320 420 360 T800 350 V520 H0Z" fill="url(#field)"/>
<path d="M0 430 Q300 400 800 440 V520 H0Z" fill="#c9a94f"/>
<circle cx="120" cy="330" r="34" fill="#2f5121"/><rect x="116" y="350" width="8" height="40" fill="#4a3420"/>
<circle cx="640" cy="318" r="42" fill="#335a25"/><rect x="635" y="345" width="9" height="50" fill="#4a3420"/>
<rect x="430" y="300" width="90" height="55" fill="#e8e2d6"/><path d="M422 302 L475 270 L528 302Z" fill="#8b3a2b"/>
<rect x="462" y="322" width="22" height="33" fill="#5b4636"/></g></svg></body></html>""")
        shot = os.path.join(work, "shot.png")
        screenshot("file://" + page, shot, 800, 520, work)
        shutil.copy(shot, out_png)
    finally:
        shutil.rmtree(work, ignore_errors=True)
