"""Real PDF and Word files for the tests, made the way offices make them: headless
Chromium printing an HTML page to PDF, LibreOffice converting HTML to .docx, .docx to PDF
(Word's "save as PDF") or to a legacy .doc, WeasyPrint (another layout engine) printing a
page, and qpdf encrypting a PDF. All are installed by scripts/deps.sh; a missing one is an
error, never a skipped test.

Every tool runs with a private profile in a temporary folder, so that tests running at
the same time never share one, and nothing is written to $HOME."""
import os
import shutil
import subprocess
import tempfile


def _need(tool):
    path = shutil.which(tool)
    if not path:
        raise RuntimeError(f"{tool} is not installed (scripts/deps.sh installs it)")
    return path


def print_pdf(html_path, pdf_path):
    """Chromium's print-to-PDF of a page (Letter paper, no header or footer)."""
    chromium = _need("chromium")
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--user-data-dir=" + profile, "--no-pdf-header-footer",
             "--print-to-pdf=" + pdf_path, "file://" + os.path.abspath(html_path)],
            capture_output=True, timeout=120)
    if p.returncode != 0 or not os.path.exists(pdf_path):
        raise RuntimeError(f"chromium could not print {html_path}: {p.stderr.decode(errors='replace')[-500:]}")
    return pdf_path


def weasyprint_pdf(html_path, pdf_path, page_css="@page { size: A4 landscape; margin: 1.5cm }"):
    """WeasyPrint's PDF of a page: another layout engine, which breaks a table's rows
    across pages between their cells' lines (Word's "allow row to break across pages",
    on by default, can too), a label on one page and its figures on the other."""
    weasyprint = _need("weasyprint")
    with tempfile.NamedTemporaryFile("w", suffix=".css") as css:
        css.write(page_css)
        css.flush()
        p = subprocess.run([weasyprint, "-q", "-s", css.name, html_path, pdf_path], capture_output=True, timeout=300)
    if p.returncode != 0 or not os.path.exists(pdf_path):
        raise RuntimeError(f"weasyprint could not print {html_path}: {p.stderr.decode(errors='replace')[-500:]}")
    return pdf_path


def libreoffice(sources, target, outdir, infilter=None):
    """LibreOffice headless: each source converted to target ("docx:MS Word 2007 XML",
    "pdf", "doc:MS Word 97") into outdir. Returns the output paths, in order."""
    soffice = _need("soffice")
    ext = target.split(":")[0]
    with tempfile.TemporaryDirectory() as profile:
        cmd = [soffice, "--headless", "--norestore", "-env:UserInstallation=file://" + profile]
        if infilter:
            cmd.append("--infilter=" + infilter)
        cmd += ["--convert-to", target, "--outdir", outdir] + [os.path.abspath(s) for s in sources]
        p = subprocess.run(cmd, capture_output=True, timeout=300)
    outs = [os.path.join(outdir, os.path.splitext(os.path.basename(s))[0] + "." + ext) for s in sources]
    missing = [o for o in outs if not os.path.exists(o)]
    if p.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice did not make {missing}: {p.stderr.decode(errors='replace')[-500:]}")
    return outs


def html_to_docx(sources, outdir):
    return libreoffice(sources, "docx:MS Word 2007 XML", outdir, infilter="HTML (StarWriter)")


def encrypt_pdf(src, dst, user_password, owner_password="owner-secret"):
    """qpdf's AES-256 encryption; an empty user password opens without one."""
    qpdf = _need("qpdf")
    subprocess.run([qpdf, "--encrypt", user_password, owner_password, "256", "--", src, dst],
                   check=True, capture_output=True, timeout=60)
    return dst


def page_text(pdf_path, page):
    """The text of one page (pdftotext), to check where a generated file put a table."""
    pdftotext = _need("pdftotext")
    p = subprocess.run([pdftotext, "-f", str(page), "-l", str(page), pdf_path, "-"],
                       capture_output=True, check=True, timeout=60)
    return p.stdout.decode("utf-8", "replace")


def page_count(pdf_path):
    pdfinfo = _need("pdfinfo")
    p = subprocess.run([pdfinfo, pdf_path], capture_output=True, check=True, timeout=60)
    for line in p.stdout.decode().splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise RuntimeError(f"pdfinfo gave no page count for {pdf_path}")
