#!/usr/bin/env python3
"""The sample county is what its generator writes (examples/sample-county/README.md):
generate.py with no options, into another folder, gives every checked-in file byte for
byte — the pages, the listing, sources/, expected.json — and the PDF, .docx and pictures
it does not make are the checked-in ones, made from the sources it writes now (else it
names them on stderr: someone changed a source and did not run --attachments)."""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.environ.get("NB_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SAMPLE = os.path.join(ROOT, "examples", "sample-county")


def files_under(folder):
    out = set()
    for d, dirs, files in os.walk(folder):
        dirs[:] = [x for x in dirs if x != "__pycache__"]
        out |= {os.path.relpath(os.path.join(d, f), folder) for f in files}
    return out


class Regenerate(unittest.TestCase):
    def test_the_generator_writes_the_checked_in_sample(self):
        with tempfile.TemporaryDirectory(prefix="nb-sample-gen-") as tmp:
            out = os.path.join(tmp, "sample")
            p = subprocess.run([sys.executable, os.path.join(SAMPLE, "generate.py"), "--out", out, "-q"],
                               capture_output=True, timeout=300)
            self.assertEqual((p.returncode, p.stderr.decode()), (0, ""))
            made = files_under(out)
            checked_in = files_under(SAMPLE) - {"README.md", "generate.py", "check_extract.py", ".gitignore"}
            self.assertEqual(made, checked_in)
            _, mismatch, errors = filecmp.cmpfiles(SAMPLE, out, sorted(made), shallow=False)
            self.assertEqual((mismatch, errors), ([], []))
            # the three reports that are not a page, and their files
            for name in ("portal/gknb/attachment/shiqiao-2022.pdf", "portal/gknb/attachment/jintian-2020.docx",
                         "portal/gknb/attachment/nantang-2024-t3.jpg", "sources/jintian-2020.html"):
                self.assertIn(name, made)

    def test_a_file_older_than_its_source_is_named(self):
        with tempfile.TemporaryDirectory(prefix="nb-sample-gen-") as tmp:
            # a copy of the folder, regenerated in place (no checked-in files to fall back on)
            out = os.path.join(tmp, "sample")
            shutil.copytree(SAMPLE, out)
            gen = [sys.executable, os.path.join(out, "generate.py"), "-q"]
            self.assertEqual(subprocess.run(gen, capture_output=True, timeout=300).stderr.decode(), "")
            # the record says the .docx was made from another version of its source
            built = os.path.join(out, "sources", "built.txt")
            with open(built, encoding="utf-8") as f:
                lines = f.read().splitlines()
            with open(built, "w", encoding="utf-8") as f:
                f.write("".join(("0" * 64 + l[64:] if l.endswith("jintian-2020.docx") else l) + "\n" for l in lines))
            p = subprocess.run(gen, capture_output=True, timeout=300)
            self.assertEqual(p.returncode, 0)
            self.assertIn("portal/gknb/attachment/jintian-2020.docx", p.stderr.decode())
            self.assertIn("--attachments", p.stderr.decode())
            self.assertNotIn("shiqiao-2022.pdf", p.stderr.decode())


if __name__ == "__main__":
    unittest.main()
