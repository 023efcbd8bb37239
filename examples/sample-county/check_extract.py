#!/usr/bin/env python3
"""Runs `nianbao extract` on every report page generate.py wrote and compares each cell
with the figures the generator drew.

    python3 examples/sample-county/check_extract.py [--nianbao build/nianbao]
    python3 examples/sample-county/check_extract.py --out /tmp/bench --seed 7 --townships 1500 \\
        --years 2019-2025 --chrome-kb 50-300 -j 8

Takes the generator's own options (the same values that wrote DIR), rebuilds the model in
memory (generation is deterministic) and checks, per page:
  - the template, year, township (as the title names it) and publish date;
  - every template cell of tables 二, 三 and 四: the value (blank and placeholder cells
    must come out as such), and the unit of amounts;
  - the problems on stderr: none at all, except the planted I2 findings on their page;
  - the key figures in expected.json against the extracted values.
Also extracts the 古城乡 page (an unregistered township, a full report) and the listing's
other items (which hold no report tables).

Prints one line per mismatch and a summary; exits 1 if anything differs. Python 3
standard library only.
"""

import argparse
import concurrent.futures
import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal, InvalidOperation

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402


def t2_row_key(template, row):
    blocks = generate.T2_2019 if template == "2019" else generate.T2_2021
    for bk, _bl, _h, rows, _c in blocks:
        for rk, _ in rows:
            if rk == row:
                return "%s.%s" % (bk, rk)
    raise KeyError(row)


def same_number(a, b):
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


def extract(nianbao, path, *options):
    p = subprocess.run([nianbao, "extract", *options, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rows = list(csv.DictReader(io.StringIO(p.stdout.decode("utf-8"))))
    return p.returncode, rows, p.stderr.decode("utf-8", "replace")


# What the reports published as pictures gave (check_pictures): cells right, wrong but
# flagged ocr_uncertain, wrong without the flag, not read at all.
OCR_COUNTS = {"right": 0, "uncertain_wrong": 0, "uncertain_right": 0, "wrong": 0, "not_read": 0}


def check_page_links(nianbao, root, r, where):
    """A report published as an attachment or pictures: its page holds no tables, and
    extract says so, naming the files."""
    path = os.path.join(root, "portal", "gknb", r.href)
    rc, rows, err = extract(nianbao, path)
    probs = []
    if rc != 1 or rows or "no report tables found in the page" not in err:
        probs.append("%s: the page gave exit %d and %d rows, expected none: %s" % (where, rc, len(rows), err.strip()))
    for f, _ in generate.attachment_files(r):
        if "../" + f not in err:
            probs.append("%s: extract did not name the page's file %s: %s" % (where, f, err.strip()))
    return probs


def check_pictures(nianbao, root, r, cells, extracted):
    """A report whose tables are pictures: each picture gives its table by OCR. Every
    figure must carry `ocr`; a figure that is not the one printed must carry
    `ocr_uncertain` (counted in OCR_COUNTS)."""
    where = "%s %d (%s)" % (r.township, r.year, r.href)
    probs = check_page_links(nianbao, root, r, where)
    got_all = {}
    for (f, _), table in zip(generate.attachment_files(r), ("t2", "t3", "t4")):
        path = os.path.join(root, "portal", "gknb", f)
        rc, rows, err = extract(nianbao, path, "--year", str(r.year), "--township", r.township)
        if rc != 0 or not rows:
            probs.append("%s: nianbao extract %s exit %d: %s" % (where, f, rc, err.strip()))
            continue
        if rows[0]["template"] != r.template:
            probs.append("%s: %s: template %s, generated %s" % (where, f, rows[0]["template"], r.template))
        others = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
                  "t4": "四、政府信息公开行政复议、行政诉讼情况"}
        expected_err = ["%s: table %s (%s) not found" % (path, t, others[t]) for t in others if t != table]
        for l in err.splitlines():
            if l.strip() and l not in expected_err and "unreadable cell" not in l:
                probs.append("%s: %s: unexpected on stderr: %s" % (where, f, l))
        got = {(g["table"], g["row_key"], g["col_key"]): g for g in rows if g["table"] == table}
        for (t, rk, ck), p in cells.items():
            if t != table:
                continue
            key = (t, t2_row_key(r.template, rk) if t == "t2" else rk, ck)
            g = got.get(key)
            label = "%s %s/%s" % key
            flags = g["flag"].split(";") if g else []
            if g is None or "not_found" in flags:
                OCR_COUNTS["not_read"] += 1
                probs.append("%s: %s: %s not read" % (where, f, label))
                continue
            got_all[key] = g["value"]
            if "ocr" not in flags:
                probs.append("%s: %s: %s read from a picture without the flag ocr: %r" % (where, f, label, g["flag"]))
            right = same_number(g["value"], p.value) if p.kind == "number" else g["value"] == "" and p.kind in flags
            uncertain = "ocr_uncertain" in flags
            OCR_COUNTS[("uncertain_" if uncertain else "") + ("right" if right else "wrong")] += 1
            if not right and not uncertain:
                probs.append("%s: %s: %s = %r (raw %r, flag %r), printed %r, and not flagged ocr_uncertain"
                             % (where, f, label, g["value"], g["raw"], g["flag"], p.html))
    if extracted is not None:
        extracted[(r.slug, r.year)] = got_all
    figures = {".".join(k): v for k, v in got_all.items() if k[0] != "t2"}
    return probs, figures


def check_report(nianbao, root, r, cells, planted_i2, extracted=None):
    """Returns (problems, extracted key figures)."""
    if r.form == "image":
        return check_pictures(nianbao, root, r, cells, extracted)
    path = os.path.join(root, "portal", "gknb", r.href)
    where = "%s %d (%s)" % (r.township, r.year, r.href)
    probs = []
    publish_date = r.publish_date
    if r.form in ("pdf", "docx"):
        # the report is the file; the page holds no tables (and the publish date, which a
        # file does not carry: `nianbao run` takes it from the page)
        probs += check_page_links(nianbao, root, r, where)
        path = os.path.join(root, "portal", "gknb", generate.attachment_files(r)[0][0])
        where = "%s %d (%s)" % (r.township, r.year, generate.attachment_files(r)[0][0])
        publish_date = None
    rc, rows, err = extract(nianbao, path)
    if rc != 0 or not rows:
        return probs + ["%s: nianbao extract exit %d: %s" % (where, rc, err.strip())], {}
    first = rows[0]
    if first["template"] != r.template:
        probs.append("%s: template %s, generated %s" % (where, first["template"], r.template))
    if first["year"] != str(r.year):
        probs.append("%s: year %s, generated %d" % (where, first["year"], r.year))
    if first["township"] != r.title_body:
        probs.append("%s: township %r, the title names %r" % (where, first["township"], r.title_body))
    got = {}
    meta = {}
    for row in rows:
        if row["table"] in ("t2", "t3", "t4"):
            got[(row["table"], row["row_key"], row["col_key"])] = row
        elif row["table"] == "meta":
            meta[row["col_key"]] = row["raw"]
    if extracted is not None:
        extracted[(r.slug, r.year)] = {k: g["value"] for k, g in got.items()}
    if (meta.get("publish_date") or None) != publish_date:
        probs.append("%s: publish date %r, expected %s" % (where, meta.get("publish_date"), publish_date))
    figures = {}
    for (table, rk, ck), p in cells.items():
        key = (table, t2_row_key(r.template, rk) if table == "t2" else rk, ck)
        g = got.pop(key, None)
        label = "%s %s/%s" % key
        if g is None:
            probs.append("%s: %s not extracted" % (where, label))
            continue
        if p.kind == "number":
            if not same_number(g["value"], p.value):
                probs.append("%s: %s = %r (raw %r), generated %r" % (where, label, g["value"], g["raw"], p.value))
            if p.unit and ck in ("proc_amount",) and g["unit"] != p.unit:
                probs.append("%s: %s unit %r, generated %r" % (where, label, g["unit"], p.unit))
        else:
            if g["value"] != "" or p.kind not in g["flag"]:
                probs.append("%s: %s = %r flag %r, generated a %s cell" % (where, label, g["value"], g["flag"], p.kind))
        if key[0] != "t2":
            figures[".".join(key)] = g["value"]
    for key in got:
        probs.append("%s: extracted a cell the template does not have: %s" % (where, key))
    expected_err = []
    if r.plant == "i2":
        expected_err = ["%s: I2 t3 new_received/%s: expected %s, actual %s: %s" %
                        (path, f["col_key"], f["expected"], f["actual"], f["message"]) for f in planted_i2]
    # the spreadsheet traps nianbao cannot read are told, one line each
    expected_err += ['%s: t2 %s/%s: unreadable cell "%s"' % (path, t2_row_key(r.template, rk), ck, text)
                     for (rk, ck), (text, value) in sorted(getattr(r, "traps", {}).items()) if value is None]
    lines = [l for l in err.splitlines() if l.strip()]
    for l in lines:
        if l not in expected_err:
            probs.append("%s: unexpected on stderr: %s" % (where, l))
    for l in expected_err:
        if l not in lines:
            probs.append("%s: expected on stderr: %s" % (where, l))
    return probs, figures


def num_or_zero(v):
    try:
        return Decimal(v) if v not in ("", None) else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def preview_anomalies(reports, extracted, missing, years):
    """The rules of issue 4 that do not need the run command, evaluated on the extracted
    values: X1-X4, S1, S3, late publication, template for the year, missing reports, and a
    crude outlier test (ten times the median of the others and at least 20 more). Returns
    a list of (rule, township, year, detail)."""
    found = []
    by_key = {(r.slug, r.year): r for r in reports}
    v = lambda r, t, row, col: num_or_zero(extracted[(r.slug, r.year)].get((t, row, col)))
    for r in reports:
        if (r.slug, r.year) not in extracted:
            continue
        if r.publish_date > "%d-01-31" % (r.year + 1):
            found.append(("late", r.township, r.year, r.publish_date))
        if r.template != ("2019" if r.year <= 2020 else "2021"):
            found.append(("wrong_template", r.township, r.year, r.template))
        if any(v(r, "t2", "art20_1.regulations", c) != 0 for c in
               (["made_new", "published_new", "total_public"] if r.template == "2019" else ["issued", "repealed", "in_force"])):
            found.append(("S3", r.township, r.year, "规章"))
        if r.template == "2019":
            for row in ("art20_1.regulations", "art20_1.normative_docs"):
                if v(r, "t2", row, "published_new") > v(r, "t2", row, "total_public"):
                    found.append(("S1", r.township, r.year, row))
        prev = by_key.get((r.slug, r.year - 1))
        if not prev or (prev.slug, prev.year) not in extracted:
            continue
        for c in generate.T3_COLS:
            if v(r, "t3", "carried_over", c) != v(prev, "t3", "carry_forward", c):
                found.append(("X1", r.township, r.year, c))
        if r.template == prev.template == "2019":
            for row in ("art20_5.licensing", "art20_5.other_mgmt_services", "art20_6.penalty", "art20_6.coercion",
                        "art20_8.admin_fees"):
                if v(r, "t2", row, "prev_items") != v(prev, "t2", row, "prev_items") + v(prev, "t2", row, "items_delta"):
                    found.append(("X2", r.township, r.year, row))
            for row in ("art20_1.regulations", "art20_1.normative_docs"):
                if v(r, "t2", row, "total_public") != v(prev, "t2", row, "total_public") + v(r, "t2", row, "published_new"):
                    found.append(("X3", r.township, r.year, row))
        if r.template == prev.template == "2021":
            for row in ("art20_1.regulations", "art20_1.normative_docs"):
                if v(r, "t2", row, "in_force") != v(prev, "t2", row, "in_force") + v(r, "t2", row, "issued") - \
                        v(r, "t2", row, "repealed"):
                    found.append(("X4", r.township, r.year, row))
    for m in missing:
        found.append(("missing", m["township"], m["year"], ""))
    for y in range(years[0], years[1] + 1):
        rs = [r for r in reports if r.year == y and (r.slug, r.year) in extracted]
        vals = {r.slug: v(r, "t3", "new_received", "total") for r in rs}
        for r in rs:
            others = sorted(x for k, x in vals.items() if k != r.slug)
            if not others:
                continue
            med = others[len(others) // 2]
            if vals[r.slug] >= 10 * max(med, 1) and vals[r.slug] >= med + 20:
                found.append(("outlier", r.township, r.year, "new_received %s, median of the others %s"
                              % (vals[r.slug], med)))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nianbao", default=None, help="the nianbao binary (default: build/nianbao of this repo)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--list", action="store_true", help="print every anomaly the extracted figures show")
    known, rest = ap.parse_known_args()
    args = generate.parse_args(rest)
    here = os.path.dirname(os.path.abspath(__file__))
    nianbao = known.nianbao or os.path.join(here, "..", "..", "build", "nianbao")
    if not os.access(nianbao, os.X_OK):
        sys.exit("check_extract.py: no nianbao binary at %s (build it, or give --nianbao)" % nianbao)
    root = args.out
    with open(os.path.join(root, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    townships, reports, missing, entries = generate.build(args)
    exp_by_key = {(e["slug"], e["year"]): e for e in expected["reports"]}
    i2 = [p for p in expected["planted"] if p["rule"] == "I2"]

    problems = []
    if len(exp_by_key) != len(reports):
        problems.append("expected.json lists %d reports, the generator %d: regenerate, or give the "
                        "options that wrote %s" % (len(exp_by_key), len(reports), root))

    extracted = {}

    def one(r):
        cells = generate.printed_cells(r)
        probs, figures = check_report(nianbao, root, r, cells, i2, extracted)
        e = exp_by_key.get((r.slug, r.year))
        if e is None:
            probs.append("%s %d: not in expected.json" % (r.township, r.year))
            return probs
        if e["url"] != "portal/gknb/" + r.href or e["template"] != r.template or e["publish_date"] != r.publish_date:
            probs.append("%s %d: expected.json disagrees with the generator (url/template/date)" % (r.township, r.year))
        for k, v in e["figures"].items():
            g = figures.get(k)
            if g is None or not same_number(g if g != "" else "0", str(v)):
                probs.append("%s %d: expected.json %s = %s, extracted %r" % (r.township, r.year, k, v, g))
        return probs

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, known.jobs)) as pool:
        results = list(pool.map(one, reports))
    bad_pages = 0
    for probs in results:
        problems += probs
        bad_pages += bool(probs)

    # The listing's other items: the unregistered township's page is a full report; the rest
    # hold no report tables.
    others = 0
    for e in entries:
        if "kind" not in e:
            continue
        others += 1
        path = os.path.join(root, "portal", "gknb", e["href"])
        rc, rows, err = extract(nianbao, path)
        if e["kind"] == "unregistered":
            r = e["report"]
            probs, _ = check_report(nianbao, root, r, generate.printed_cells(r), None)
            problems += probs
        elif rc == 0 and rows:
            problems.append("%s (%s): extracted report tables from a page that has none" % (e["title"], e["href"]))

    # Every anomaly the extracted figures show must be a planted one, and every planted one
    # must show.
    found = preview_anomalies(reports, extracted, missing, args.years)
    planted = {(p["rule"], p["township"], p["year"]) for p in expected["planted"] if p["rule"] != "I2"}
    for rule, township, year, detail in found:
        if (rule, township, year) in planted:
            planted.discard((rule, township, year))
        else:
            problems.append("anomaly not planted: %s %s %d %s" % (rule, township, year, detail))
    for rule, township, year in sorted(planted):
        problems.append("planted anomaly not found: %s %s %d" % (rule, township, year))
    if known.list:
        for f in found:
            print("anomaly: %s %s %d %s" % f)

    for p in problems:
        print(p)
    forms = {}
    for r in reports:
        forms[r.form] = forms.get(r.form, 0) + 1
    print("check_extract: %d report pages (%s), %d other listing items, %d pages with mismatches, %d mismatches"
          % (len(reports), ", ".join("%d %s" % (n, f) for f, n in sorted(forms.items())), others, bad_pages,
             len(problems)), file=sys.stderr)
    if forms.get("image"):
        c = OCR_COUNTS
        print("check_extract: cells read from pictures: %d right, %d right and flagged ocr_uncertain, %d wrong and "
              "flagged ocr_uncertain, %d wrong without the flag, %d not read" %
              (c["right"], c["uncertain_right"], c["uncertain_wrong"], c["wrong"], c["not_read"]), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
