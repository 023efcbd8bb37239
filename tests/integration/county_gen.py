"""A generated county for the fault tests: N townships x a range of years of real report
pages (tests/fixtures/variants/make_fixtures.py, the "distinct" figures; 2019 format up
to 2020, 2021 format after), listed on paginated listing pages in the Guangdong scheme
(index.html, index_2.html, ...), written as a file:// mirror with its county.ini and
townships.csv. Everything is generated at test time into a temporary folder.

version changes what a rerun sees without changing any figure: version 2 pages carry
another paragraph and a later publish date (so per-township CSVs, the overview and the
anomaly list change, the county tables do not, and no silent revision is reported).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402
import portal_server as ps  # noqa: E402

CHARS = "东西南北中新大小石山水田林青红白金银龙凤"


def township_names(n):
    names = []
    for a in CHARS:
        for b in CHARS:
            if a != b:
                names.append(a + b + "镇")
    return names[:n]


def report(name, year, version=1, values=None, title=None):
    fmt = "2019" if year <= 2020 else "2021"
    values = values if values is not None else mf.distinct_values(fmt)
    body = mf.report_2019(values) if fmt == "2019" else mf.report_2021(values)
    if version != 1:
        body += mf.para(f"（第{version}版，更正了文字错误）")
    date = f"{year + 1}-01-20" if version == 1 else f"{year + 1}-03-0{min(version, 9)}"
    return mf.page(title or f"{name}{year}年政府信息公开工作年度报告", body, date=date)


def write_portal(root, entries, per_page=24):
    """entries: (href relative to gknb/, link text, page bytes or None). Returns the
    listing's path."""
    gknb = os.path.join(root, "gknb")
    for href, _, page in entries:
        if page is not None:
            ps.write(os.path.join(gknb, href), page if isinstance(page, bytes) else page.encode("utf-8"))
    pages = [entries[i:i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    for i, chunk in enumerate(pages):
        name = "index.html" if i == 0 else f"index_{i + 1}.html"
        items = [(href, text, "") for href, text, _ in chunk]
        ps.write(os.path.join(gknb, name), ps.listing_page(items, i + 1, len(pages), i + 1 < len(pages)))
    return os.path.join(gknb, "index.html")


def make_county(folder, townships=10, years=(2019, 2024), version=1, county="示例县", extra_ini=""):
    """Writes folder/county.ini, folder/townships.csv and the mirror folder/portal/.
    Returns (ini path, [(name, slug)])."""
    names = township_names(townships)
    regs = [(name, f"t{i + 1:02d}") for i, name in enumerate(names)]
    entries = []
    for name, slug in regs:
        for year in range(years[0], years[1] + 1):
            entries.append((f"content/{slug}_{year}.html", f"{name}{year}年政府信息公开工作年度报告",
                            report(name, year, version)))
    write_portal(os.path.join(folder, "portal"), entries)
    return write_ini(folder, "portal/gknb/index.html", regs, years, county, extra_ini), regs


def write_ini(folder, listing, regs, years, county="示例县", extra_ini=""):
    with open(os.path.join(folder, "townships.csv"), "w", encoding="utf-8") as f:
        f.write("name,slug,aliases\n")
        for name, slug in regs:
            f.write(f"{name},{slug},\n")
    path = os.path.join(folder, "county.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""[county]
name = {county}
townships = townships.csv
years = {years[0]}-{years[1]}

[portal]
listing = {listing}
max_listing_pages = 100

[fetch]
concurrency = 4
delay_ms = 0
timeout_s = 5
retries = 0
{extra_ini}""")
    return path
