#!/usr/bin/env python3
"""Disk faults under `nianbao run` (issue 6). A generated county (county_gen.py) is run
once to completion; then its pages change (version 2) and the rerun meets a disk that
will not take the new outputs:

  - the output folder not writable: a read-only bind mount when this machine lets the
    test mount (root in a private mount namespace), and always a folder without write
    permission used by an ordinary user (root drops to nobody for it): exit 2 at once,
    "<out>/.lock: cannot open: <reason>", nothing changed;
  - a file where a folder should be (townships/2020 and 2020/ are files): the
    township-years and county tables of 2020 fail with a line each naming the path,
    exit 1, everything else is written;
  - disk full, simulated with RLIMIT_FSIZE (SIGXFSZ ignored, so a write fails with
    EFBIG): exit 1, "File too large" on stderr, and every output is still the
    complete previous version (or, for a file small enough to fit, the complete new
    one); no temporary file is left behind;
  - disk full on a small tmpfs (ENOSPC), when this machine lets the test mount: the
    same.
"""
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import county_gen as cg  # noqa: E402
from test_faults_kill import deterministic, is_temporary, parse_csv, snapshot  # noqa: E402

NIANBAO = os.path.abspath(os.environ.get("NIANBAO", "build/nianbao"))
YEARS = (2019, 2020)


def can_mount():
    if os.getuid() != 0 or not shutil.which("unshare"):
        return False
    p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                        "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d && rmdir $d"],
                       capture_output=True)
    return p.returncode == 0


def as_nobody():
    os.setgid(65534)
    os.setgroups([])
    os.setuid(65534)


def file_size_limit(limit):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


class DiskFaults(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nb-disk-")
        os.chmod(self.tmp, 0o755)  # an ordinary user must reach the config and the mirror
        self.ini, self.regs = cg.make_county(self.tmp, townships=4, years=YEARS, version=1)
        self.out = os.path.join(self.tmp, "out")
        rc, err = self.run_nianbao()
        self.assertEqual(rc, 0, err)
        self.before = snapshot(self.out)
        # the reference of a complete version-2 run, for files small enough to be rewritten
        self.set_version(2)
        ref = os.path.join(self.tmp, "ref2")
        rc, err = self.run_nianbao(out=ref)
        self.assertEqual(rc, 0, err)
        self.reference = {p: d for p, d in snapshot(ref).items() if deterministic(p)}

    def tearDown(self):
        subprocess.run(["chmod", "-R", "u+w", self.tmp])
        shutil.rmtree(self.tmp)

    def set_version(self, v):
        for name, slug in self.regs:
            for y in range(YEARS[0], YEARS[1] + 1):
                with open(os.path.join(self.tmp, "portal", "gknb", "content", f"{slug}_{y}.html"), "w") as f:
                    f.write(cg.report(name, y, v))

    def run_nianbao(self, out=None, preexec=None, argv_prefix=()):
        p = subprocess.run([*argv_prefix, NIANBAO, "run", "-c", self.ini, "-o", out or self.out],
                           capture_output=True, timeout=120, preexec_fn=preexec)
        return p.returncode, p.stderr.decode("utf-8", "replace")

    def assert_unchanged(self, after=None):
        after = after if after is not None else snapshot(self.out)
        self.assertEqual(set(after), set(self.before))
        for path, data in self.before.items():
            self.assertEqual(after[path], data, path)

    def assert_old_or_new(self, after):
        self.assertFalse([p for p in after if is_temporary(p)], "temporary files left behind")
        for path in self.before:
            self.assertIn(path, after, f"{path} was removed")
        for path, data in after.items():
            if path.endswith(".csv"):
                parse_csv(data, path)
            if deterministic(path):
                self.assertIn(data, (self.before.get(path), self.reference.get(path)), path)

    # ---- not writable ----
    def test_output_folder_read_only_mount(self):
        if not can_mount():
            self.skipTest("mounting is not permitted here (needs root and unshare)")
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" run -c "$3" -o "$1"'
        p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", self.out,
                            NIANBAO, self.ini], capture_output=True, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        self.assertEqual(p.returncode, 2, err)
        self.assertEqual(err, f"nianbao run: {self.out}/.lock: cannot open: Read-only file system\n")
        self.assert_unchanged()

    def test_output_folder_without_write_permission(self):
        subprocess.run(["chmod", "-R", "a-w", self.out], check=True)
        binary = NIANBAO
        if os.getuid() == 0:
            # root writes anyway: run as nobody, from a copy of the binary nobody can reach
            binary = os.path.join(self.tmp, "nianbao")
            shutil.copy(NIANBAO, binary)
        p = subprocess.run([binary, "run", "-c", self.ini, "-o", self.out], capture_output=True, timeout=120,
                           preexec_fn=as_nobody if os.getuid() == 0 else None)
        rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
        self.assertEqual(rc, 2, err)
        self.assertEqual(err, f"nianbao run: {self.out}/.lock: cannot open: Permission denied\n")
        self.assert_unchanged()

    # ---- a file where a folder should be ----
    def test_file_where_a_folder_should_be(self):
        # 2020's per-township folder and 2019's county-table folder are files
        for folder in ("townships/2020", "2019"):
            shutil.rmtree(os.path.join(self.out, folder))
            with open(os.path.join(self.out, folder), "w") as f:
                f.write("not a folder\n")
        rc, err = self.run_nianbao()
        self.assertEqual(rc, 1, err)
        lines = err.splitlines()
        expected = [f"nianbao run: {self.out}/townships/2020: not a folder"] * len(self.regs)
        expected += [f"nianbao run: {self.out}/townships/2020/{slug}.csv: cannot read: Not a directory"
                     for _, slug in self.regs]
        expected += [f"nianbao run: {self.out}/2019: not a folder"]
        self.assertEqual(lines, expected)
        after = snapshot(self.out)
        for folder in ("townships/2020", "2019"):
            self.assertEqual(after[folder], b"not a folder\n")
        # the rest is written: 2019's townships in the new version; 2020's county tables
        # (no 2020 report could be read) as they were; overview and anomalies anew
        for _, slug in self.regs:
            path = f"townships/2019/{slug}.csv"
            self.assertEqual(after[path], self.reference[path], path)
        for t in (2, 3, 4):
            path = f"2020/county_table{t}.csv"
            self.assertEqual(after[path], self.before[path], path)
        for path in ("overview.csv", "anomalies.csv"):
            self.assertNotEqual(after[path], self.before[path], path)
            rows = parse_csv(after[path], path)
            self.assertTrue(any("2019" in r for r in rows[1:]), path)
        self.assertFalse([p for p in after if is_temporary(p)])

    # ---- disk full ----
    def test_disk_full_rlimit_fsize(self):
        rc, err = self.run_nianbao(preexec=file_size_limit(1024))
        self.assertEqual(rc, 1, err)
        self.assertIn("File too large", err)
        for line in err.splitlines():
            self.assertRegex(line, r"^nianbao run: .*(File too large)", line)
        after = snapshot(self.out)
        self.assert_old_or_new(after)
        for path, data in self.before.items():
            # a file whose new version fits in the limit may be the complete new one
            # (changes.csv: nothing could be read anew, so nothing changed)
            fits = len(after[path]) <= 1024 and not path.endswith(".gz")
            if (len(data) > 1024 or path.endswith(".gz")) and not fits:
                self.assertEqual(after[path], data, f"{path} changed although it could not be written")
        # and with room again, the next run completes
        rc, err = self.run_nianbao()
        self.assertEqual(rc, 0, err)
        self.assertEqual({p: d for p, d in snapshot(self.out).items() if deterministic(p)}, self.reference)

    def test_disk_full_small_tmpfs(self):
        if not can_mount():
            self.skipTest("mounting is not permitted here (needs root and unshare)")
        # tmpfs counts whole 4 KB pages: room for the old outputs and a few pages more,
        # not for all the new ones
        pages = sum((len(d) + 4095) // 4096 for d in self.before.values()) + 8
        size = pages * 4096
        mnt, after_dir = os.path.join(self.tmp, "mnt"), os.path.join(self.tmp, "after")
        os.mkdir(mnt)
        os.mkdir(after_dir)
        script = ('mount -t tmpfs -o size=$5 tmpfs "$1" && cp -a "$2/." "$1/" || exit 99; '
                  '"$3" run -c "$4" -o "$1"; echo $? > "$6/.rc"; cp -a "$1/." "$6/"')
        p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", mnt, self.out,
                            NIANBAO, self.ini, str(size), after_dir], capture_output=True, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        self.assertEqual(p.returncode, 0, f"the tmpfs could not be set up: {err}")
        with open(os.path.join(after_dir, ".rc")) as f:
            rc = int(f.read())
        os.remove(os.path.join(after_dir, ".rc"))
        self.assertEqual(rc, 1, err)
        self.assertIn("No space left on device", err)
        for line in err.splitlines():
            self.assertRegex(line, r"^nianbao run: .*No space left on device", line)
        after = snapshot(after_dir)
        self.assert_old_or_new(after)


if __name__ == "__main__":
    unittest.main()
