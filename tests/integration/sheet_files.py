"""Excel workbooks for the tests, made the ways offices make them: the report's tables laid
out on a sheet as a person builds them in a spreadsheet (the template's merged header and
label cells, a 总计 column of SUM formulas, amounts formatted with thousands separators and
a 元 unit) and saved as .xlsx by LibreOffice Calc (from a flat OpenDocument spreadsheet
written here), or written by a program with openpyxl (which stores formulas without their
computed values, and floating-point figures as Python prints them). Both tools are
installed by scripts/deps.sh.

A layout is a list of sheets; a sheet is (name, rows, merges, hidden) where rows are lists
of cells (None: empty; Empty: empty with a border; int/float: a number; str: text;
Formula; Num: a number with a format) and merges are (row, col, rowspan, colspan), 0-based."""
import html
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import office_files as of  # noqa: E402

try:
    import openpyxl
except ImportError:  # a Python of its own (pyenv) beside Debian's python3-openpyxl
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl

FIXTURES = os.environ.get("NB_FIXTURES", os.path.join(HERE, "..", "fixtures"))
sys.path.insert(0, os.path.join(FIXTURES, "variants"))
import make_fixtures as mf  # noqa: E402


class Formula:
    """=SUM over the cells left of it in its row (columns first..last, 0-based)."""

    def __init__(self, first, last):
        self.first, self.last = first, last

    def a1(self, row):
        return f"SUM({col_name(self.first)}{row + 1}:{col_name(self.last)}{row + 1})"


class Num:
    """A number shown through a format: "#,##0" (thousands) or "#,##0元" (with a unit)."""

    def __init__(self, value, fmt):
        self.value, self.fmt = value, fmt


class Empty:
    """A cell with nothing in it but a border: a table's blank cell as a spreadsheet
    writes it (openpyxl only)."""


def col_name(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def number(text):
    """A figure of the test values ("1001", "70487元") as the number a person types; None
    (a cell left empty) for a figure the values leave out."""
    return None if text is None else int(text.rstrip("元"))


# ---- the report's tables on a grid ----

def t2_block(values, fmt):
    rows, merges = [], []
    t2 = mf.T2_2019 if fmt == "2019" else mf.T2_2021
    cols = mf.COLS_2019 if fmt == "2019" else mf.COLS_2021
    width = 1 + max(len(heads) for _, heads, _ in t2)
    for section, heads, items in t2:
        merges.append((len(rows), 0, 1, width))
        rows.append([section])
        rows.append(["信息内容"] + [h.replace("<br />", "") for h in heads])
        for key, label in items:
            cells = [label]
            for c in cols[key]:
                text = values[("t2", key, c)]
                if text.endswith("元"):
                    cells.append(Num(number(text), '#,##0"元"'))
                elif c in ("decisions", "issued"):
                    cells.append(Num(number(text), "#,##0"))  # shown 1,009
                else:
                    cells.append(number(text))
            rows.append(cells)
    return rows, merges


def t3_block(values, fmt, formulas=True):
    rows = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况"],
            [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"],
            [None, None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    merges = [(0, 0, 3, 3), (0, 3, 1, 7), (1, 3, 2, 1), (1, 4, 1, 5), (1, 9, 2, 1)]
    layout = mf.t3_layout(fmt)
    results = [i for i, (_, _, g) in enumerate(layout) if g is not None]
    group_rows = {}
    for i, (key, label, group) in enumerate(layout):
        r = len(rows)
        figures = [number(values.get(("t3", key, c))) for c in mf.T3_COLS[:6]]
        total = Formula(3, 8) if formulas else number(values[("t3", key, "total")])
        if group is None:
            rows.append([label, None, None] + figures + [total])
            merges.append((r, 0, 1, 3))
            continue
        cells = [None, None, None] + figures + [total]
        if i == results[0]:
            cells[0] = "三、本年度办理结果"
            merges.append((r, 0, len(results), 1))
        if group == "":
            cells[1] = label
            merges.append((r, 1, 1, 2))
        else:
            if group not in group_rows:
                group_rows[group] = r
                cells[1] = group
                merges.append((r, 1, sum(1 for _, _, g in layout if g == group), 1))
            cells[2] = label
        rows.append(cells)
    return rows, merges


def t4_block(values):
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [["行政复议", None, None, None, None, "行政诉讼"],
            heads + ["未经复议直接起诉", None, None, None, None, "复议后起诉"],
            [None] * 5 + heads * 2,
            [number(values[("t4", g, c)]) for g in mf.T4_GROUPS for c in mf.T4_COLS]]
    merges = [(0, 0, 1, 5), (0, 5, 1, 10), (1, 5, 1, 5), (1, 10, 1, 5)] + [(1, c, 2, 1) for c in range(5)]
    return rows, merges


def stack(parts):
    """Blocks and headings (a str) one under the other on one sheet."""
    rows, merges = [], []
    for part in parts:
        if isinstance(part, str):
            rows.append([part])
            continue
        r0 = len(rows)
        rows += part[0]
        merges += [(r0 + r, c, rs, cs) for r, c, rs, cs in part[1]]
    return rows, merges


def office_workbook(values, fmt, old_values=None):
    """A township's workbook: a title sheet, one sheet per table; with old_values, a hidden
    sheet holding last year's table 三 between them (what a copied workbook keeps)."""
    title = f"平安镇{2019 if fmt == '2019' else 2021}年政府信息公开工作年度报告"
    sheets = [("说明", [[title], ["发布时间：2020-01-21" if fmt == "2019" else "发布时间：2022-01-20"]], [], False),
              ("表二", *stack(["二、主动公开政府信息情况", t2_block(values, fmt)]), False)]
    if old_values:
        sheets.append(("去年", *stack(["三、收到和处理政府信息公开申请情况", t3_block(old_values, fmt, formulas=False)]),
                       True))
    sheets += [("表三", *stack(["三、收到和处理政府信息公开申请情况", t3_block(values, fmt)]), False),
               ("表四", *stack(["四、政府信息公开行政复议、行政诉讼情况", t4_block(values)]), False)]
    return sheets


# ---- LibreOffice Calc: flat OpenDocument -> .xlsx ----

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"')
_STYLES = """<office:automatic-styles>
<number:number-style style:name="N1"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:number-style style:name="N2"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/><number:text>元</number:text></number:number-style>
<style:style style:name="thousands" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="yuan" style:family="table-cell" style:data-style-name="N2"/>
<style:style style:name="shown" style:family="table"><style:table-properties table:display="true"/></style:style>
<style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>"""
_FORMAT_STYLE = {"#,##0": "thousands", '#,##0"元"': "yuan"}


def _fods_cell(cell, r):
    if cell is None:
        return "<table:table-cell/>"
    if isinstance(cell, Formula):
        return f'<table:table-cell table:formula="of:={html.escape(cell.a1(r).replace("SUM(", "SUM([.").replace(":", ":.").replace(")", "])"))}"/>'
    if isinstance(cell, Num):
        return (f'<table:table-cell table:style-name="{_FORMAT_STYLE[cell.fmt]}" office:value-type="float" '
                f'office:value="{cell.value}"/>')
    if isinstance(cell, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{cell!r}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{html.escape(cell)}</text:p></table:table-cell>'


def fods(sheets):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<office:document {_NS} office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">',
           _STYLES, "<office:body><office:spreadsheet>"]
    for name, rows, merges, hidden in sheets:
        origin = {(r, c): (rs, cs) for r, c, rs, cs in merges}
        covered = {(r + i, c + j) for r, c, rs, cs in merges for i in range(rs) for j in range(cs)} - set(origin)
        width = max(max(len(row) for row in rows), max((c + cs for _, c, _, cs in merges), default=0))
        out.append(f'<table:table table:name="{html.escape(name)}" table:style-name="{"hidden" if hidden else "shown"}">')
        out.append(f'<table:table-column table:number-columns-repeated="{width}"/>')
        for r, row in enumerate(rows):
            out.append("<table:table-row>")
            for c in range(width):
                cell = row[c] if c < len(row) else None
                if (r, c) in covered:
                    out.append("<table:covered-table-cell/>")
                    continue
                xml = _fods_cell(cell, r)
                if (r, c) in origin:
                    rs, cs = origin[(r, c)]
                    xml = xml.replace("<table:table-cell", f'<table:table-cell table:number-columns-spanned="{cs}" '
                                      f'table:number-rows-spanned="{rs}"', 1)
                out.append(xml)
            out.append("</table:table-row>")
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>")
    return "\n".join(out)


def calc_xlsx(books):
    """Each (layout, path) saved as .xlsx by LibreOffice Calc at path (one run of Calc for
    all: it takes seconds to start). Returns the paths."""
    with tempfile.TemporaryDirectory() as d:
        sources = []
        for i, (sheets, path) in enumerate(books):
            sources.append(os.path.join(d, f"book{i}.fods"))
            with open(sources[-1], "w", encoding="utf-8") as f:
                f.write(fods(sheets))
        made = of.libreoffice(sources, "xlsx:Calc MS Excel 2007 XML", d)
        for out, (_, path) in zip(made, books):
            os.replace(out, path)
    return [path for _, path in books]


def html_to_xlsx(sources, outdir):
    """Web pages opened in Calc and saved as workbooks (the whole page on one sheet, each
    HTML table on its own rows and columns, merged cells from its spans)."""
    return of.libreoffice(sources, "xlsx:Calc MS Excel 2007 XML", outdir, infilter="HTML (StarCalc)")


# ---- a program's workbook: openpyxl ----

def openpyxl_xlsx(sheets, path, floats=None, hidden_rows=()):
    """The layout written by openpyxl: formulas stored without computed values; floats
    maps (sheet, row, col) to a float stored instead of the cell's number;
    hidden_rows are (sheet, row) hidden."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merges, hidden in sheets:
        ws = wb.create_sheet(name)
        if hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                target = ws.cell(row=r + 1, column=c + 1)
                if isinstance(cell, Empty):
                    side = openpyxl.styles.Side(style="thin")
                    target.border = openpyxl.styles.Border(left=side, right=side, top=side, bottom=side)
                elif isinstance(cell, Formula):
                    target.value = "=" + cell.a1(r)
                elif isinstance(cell, Num):
                    target.value = cell.value
                    target.number_format = cell.fmt
                else:
                    target.value = cell
                if floats and (name, r, c) in floats:
                    target.value = floats[(name, r, c)]
        for r, c, rs, cs in merges:
            ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rs, end_column=c + cs)
        for sheet, r in hidden_rows:
            if sheet == name:
                ws.row_dimensions[r + 1].hidden = True
    wb.save(path)
    return path
