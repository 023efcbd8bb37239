#!/usr/bin/env python3
"""Broken and hostile configurations (issue 6): each one makes `nianbao run` and
`nianbao fetch` exit 2 at once with one line "file:line: reason" (or "file: reason"
when no line is to blame), before anything is fetched or written: the output folder
is not even created."""
import os
import shutil
import subprocess
import tempfile
import unittest

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")

INI = """; a county
[county]
name = 海丰县
townships = townships.csv
years = 2019-2021

[portal]
listing = http://127.0.0.1:9/gknb/index.html

[fetch]
timeout_s = 1
"""
TOWNSHIPS = "name,slug,aliases\n平东镇,pingdong,平东\n城东镇,chengdong,\n"


class BrokenConfigurations(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-config-")
        self.ini = os.path.join(self.tmp, "county.ini")
        self.csv = os.path.join(self.tmp, "townships.csv")
        self.out = os.path.join(self.tmp, "out")
        self.write(self.ini, INI)
        self.write(self.csv, TOWNSHIPS)

    def tearDown(self):
        os.chmod(self.tmp, 0o755)
        shutil.rmtree(self.tmp)

    def write(self, path, text):
        with open(path, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)

    def run_both(self, expected, ini=None, as_user=None, binary=NIANBAO):
        """Runs `run` and `fetch`; both must exit 2 with exactly the expected line."""
        for cmd in ("run", "fetch"):
            p = subprocess.run([binary, cmd, "-c", ini or self.ini, "-o", self.out], capture_output=True,
                               timeout=30, preexec_fn=as_user)
            err = p.stderr.decode("utf-8", "replace")
            self.assertEqual(p.returncode, 2, err)
            self.assertEqual(err, expected + "\n")
            self.assertEqual(p.stdout, b"")
            self.assertFalse(os.path.exists(self.out), "nothing is written on a configuration error")

    def test_missing_ini(self):
        missing = os.path.join(self.tmp, "nowhere.ini")
        self.run_both(f"{missing}: cannot read: No such file or directory", ini=missing)

    def test_unreadable_ini(self):
        # a folder where the file should be (root reads everything else)
        os.mkdir(os.path.join(self.tmp, "folder.ini"))
        self.run_both(f"{self.tmp}/folder.ini: cannot read: Is a directory", ini=os.path.join(self.tmp, "folder.ini"))
        # and a file without read permission, read by an ordinary user
        os.chmod(self.ini, 0o200)
        drop, binary = None, NIANBAO
        if os.getuid() == 0:  # root reads anyway: run as nobody, from a copy nobody can reach
            os.chmod(self.tmp, 0o755)
            binary = os.path.join(self.tmp, "nianbao")
            shutil.copy(NIANBAO, binary)
            drop = lambda: (os.setgroups([]), os.setgid(65534), os.setuid(65534))  # noqa: E731
        self.run_both(f"{self.ini}: cannot read: Permission denied", as_user=drop, binary=binary)

    def test_missing_and_unreadable_townships(self):
        os.remove(self.csv)
        self.run_both(f"{self.ini}:4: townships file {self.csv} cannot be read: No such file or directory")
        os.mkdir(self.csv)
        self.run_both(f"{self.ini}:4: townships file {self.csv} cannot be read: Is a directory")

    def test_duplicate_slugs(self):
        self.write(self.csv, TOWNSHIPS + "平西镇,pingdong,\n")
        self.run_both(f"{self.csv}:4: slug pingdong is already used by 平东镇 on line 2")

    def test_bad_slugs(self):
        for slug in ("a/b", "..", "../../etc", "ping dong", "PingDong", "平东", "x\\y", ""):
            with self.subTest(slug=slug):
                self.write(self.csv, f"name,slug\n平东镇,{slug}\n")
                shown = slug
                self.run_both(f'{self.csv}:2: slug "{shown}" of 平东镇 must be ASCII letters a-z, digits and -')

    def test_township_name_with_equals_or_newline(self):
        self.write(self.csv, 'name,slug\n"=HYPERLINK(""http://x"")",pingdong\n')
        self.run_both(f'{self.csv}:2: township name "=HYPERLINK("http://x")" holds "=" (a spreadsheet formula, not a name)')
        self.write(self.csv, 'name,slug\n平东镇,pingdong\n"城东\n镇",chengdong\n')
        self.run_both(f'{self.csv}:3: township name "城东?镇" holds a control character (byte 0x0A)')
        self.write(self.csv, "name,slug,aliases\n平东镇,pingdong,@平东\n")
        self.run_both(f'{self.csv}:2: alias "@平东" of 平东镇 starts with "@" (a spreadsheet formula, not a name)')
        self.write(self.csv, "name,slug\n平东镇,pingdong\n平\xff东镇,x\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
        self.run_both(f'{self.csv}:3: township name "平\ufffd东镇" is not valid UTF-8 (save the file as UTF-8)'
                      .replace("\ufffd", "\ufffd"))

    def test_ini_with_a_line_of_1_mb(self):
        self.write(self.ini, INI.replace("[fetch]\n", "[fetch]\nuser_agent = " + "x" * 1_000_000 + "\n"))
        self.run_both(f"{self.ini}:11: line longer than 8192 bytes")

    def test_ini_with_nul_and_control_characters(self):
        self.write(self.ini, INI.replace("years = 2019-2021\n", "years = 2019-2021\n\0garbage\n"))
        self.run_both(f"{self.ini}:6: NUL byte: not a text file")
        self.write(self.ini, INI.replace("name = 海丰县", "name = 海丰\x1b[31m县"))
        self.run_both(f"{self.ini}:3: name holds a control character (byte 0x1B)")

    def test_huge_configuration_file(self):
        self.write(self.ini, INI)
        with open(self.ini, "ab") as f:
            f.truncate(17 << 20)  # 17 MB, mostly a hole
        self.run_both(f"{self.ini}: larger than 16777216 bytes: not a county configuration")


if __name__ == "__main__":
    unittest.main()
