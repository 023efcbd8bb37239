#!/usr/bin/env python3
"""Writes the small seeds of fuzz_files (a PDF that draws a ruled table, a .docx with a
table using gridSpan and vMerge) and fuzz_pagegrid (programs of glyphs and lines, see
fuzz_pagegrid.c), a workbook with what the Excel reader reads, into tests/fuzz/seeds/. They are committed; this only saves typing.
The real PDFs and Word files of the tests are made by real tools at test time
(tests/integration/office_files.py); these are kept tiny so the fuzzers run fast."""
import io
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def pdf(content):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def table_pdf():
    lines = []
    for y in (150, 130, 110, 90):
        lines.append(b"20 %d m 260 %d l S" % (y, y))
    for x in (20, 140, 200, 260):
        lines.append(b"%d 90 m %d 150 l S" % (x, x))
    text = [(25, 136, b"Item"), (145, 136, b"A"), (205, 136, b"B"),
            (25, 116, b"rules"), (145, 116, b"12"),
            (25, 96, b"fees"), (145, 96, b"3"), (205, 96, b"4")]
    for x, y, t in text:
        lines.append(b"BT /F1 9 Tf %d %d Td (%s) Tj ET" % (x, y, t))
    return pdf(b"\n".join(lines))


def docx():
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>'
           '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>'
           '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc>'
           '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>申请人情况</w:t></w:r></w:p></w:tc></w:tr>'
           '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>'
           '<w:tc><w:p><w:r><w:t>自然人</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>总计</w:t></w:r></w:p></w:tc></w:tr>'
           '<w:tr><w:tc><w:p><w:r><w:t>（七）总计</w:t></w:r></w:p></w:tc>'
           '<w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>'
           '</w:tbl></w:body></w:document>')
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", doc)
    return out.getvalue()


def xlsx():
    """A workbook with what xlsxdoc reads: a hidden sheet and a visible one, shared strings
    (rich text runs, a phonetic guide), an inline string, a number with a format, a
    formula with and one without its value, a merged header cell."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><workbookPr/><sheets>'
                '<sheet name="old" sheetId="1" state="hidden" r:id="rId1"/>'
                '<sheet name="表三" sheetId="2" r:id="rId2"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId4" Type="{rel}/styles" Target="styles.xml"/></Relationships>')
    strings = (f'<sst {ns}><si><t>项目</t></si><si><r><t>申请人</t></r><r><rPr><b/></rPr><t>情况</t></r>'
               '<rPh sb="0" eb="1"><t>shen</t></rPh></si><si><t>（七）总计</t></si></sst>')
    styles = (f'<styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0&quot;元&quot;"/></numFmts>'
              '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    sheet = (f'<worksheet {ns}><cols><col min="4" max="4" hidden="1"/></cols><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"/></row>'
             '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>70487.000000000015</v></c>'
             '<c r="C2"><f>B2*2</f><v>1.4E5</v></c><c r="D2"><v>9</v></c><c r="E2"><f>SUM(B2:C2)</f></c></row>'
             '<row r="3" hidden="1"><c r="A3"><v>1</v></c></row>'
             '<row><c t="inlineStr"><is><t>日期</t></is></c><c s="2"><v>43851</v></c><c t="b"><v>1</v></c></row>'
             '</sheetData><mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/sharedStrings.xml", strings)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {ns}><sheetData/></worksheet>')
        z.writestr("xl/worksheets/sheet2.xml", sheet)
    return out.getvalue()


def op(kind, a, b, c, d, e):
    return bytes([kind, a, b, c, d, e])


def grid_program():
    """A 3x3 ruled grid with a label and figures in its cells (fuzz_pagegrid's encoding)."""
    p = op(0, 0, 0, 0, 0, 0)
    for row in range(4):
        p += op(4, 40, 20 + 6 * row, 48, 0, 0)      # horizontal segment
    for col in range(4):
        p += op(5, 40 + 16 * col, 20, 0, 18 * 2 // 2, 0)  # vertical segment
    for row in range(3):
        p += op(1, 42, 25 + 6 * row, 7, 0, 4)       # 规
        p += op(1, 58, 25 + 6 * row, 1, 0, 4)       # 1
        p += op(1, 74, 25 + 6 * row, 2, 0, 4)       # 2
    return p


def write(folder, name, data):
    d = os.path.join(HERE, "seeds", folder)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    write("files", "ruled-table.pdf", table_pdf())
    write("files", "merged-cells.docx", docx())
    write("files", "formats-formulas.xlsx", xlsx())
    write("pagegrid", "grid", grid_program())
    write("pagegrid", "aligned", b"".join(op(1, 40 + 16 * c, 25 + 6 * r, 1 + c, 0, 4)
                                          for r in range(4) for c in range(3) if (r, c) != (2, 1)))
