#!/usr/bin/env python3
"""kill -9 at random points of `nianbao run` (issue 6).

A generated county (county_gen.py: 12 townships x 6 years, a file:// mirror, about a
second per run) is run to completion once per page version into reference folders.
Then one output folder goes through ROUNDS runs (NB_KILL_ROUNDS, default 20), the
mirror switching between version 1 and 2 each round, each run killed with SIGKILL after
a random delay between 0 and the reference run's time (seed NB_KILL_SEED, printed on
failure; the span shrinks when a run finishes before its kill). After every kill:
  - every CSV parses completely (BOM, one header, every record as wide as the header);
  - every per-township CSV, county table, the overview, the anomaly list and
    discovered.csv is byte-for-byte either what it was before the run or what a
    complete run of this version writes; report.html and county.xlsx are whole (they and
    changes.csv tell what changed since the run before, so they depend on history);
  - manifest.csv is either as before or a complete new manifest whose every archived
    copy exists and hashes to its sha256; every archived .gz is whole;
  - nothing that existed was removed;
  - the killed process ended by the kill (or had finished: exit 0), never with exit 3,
    so no run found the lock stuck.
Finally a run completes normally (exit 0), leaves no temporary files, and writes
exactly the reference outputs."""
import csv
import gzip
import hashlib
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import county_gen as cg  # noqa: E402

NIANBAO = os.environ.get("NIANBAO", "build/nianbao")
ROUNDS = int(os.environ.get("NB_KILL_ROUNDS", "20"))
SEED = int(os.environ.get("NB_KILL_SEED", str(int(time.time()))))


def snapshot(out):
    """path -> bytes of every regular file under out."""
    files = {}
    for folder, _, names in os.walk(out):
        for n in names:
            p = os.path.join(folder, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, out)] = f.read()
    return files


def is_temporary(path):
    return os.path.basename(path).startswith(".") and ".tmp-" in path


def deterministic(path):
    """Outputs whose content depends only on the pages (not on when or in which order
    things were fetched, nor on what the run before found: changes.csv)."""
    return path.endswith(".csv") and path not in ("manifest.csv", "changes.csv") and not path.startswith("raw/")


def parse_csv(data, path, where=""):
    assert data.startswith(b"\xef\xbb\xbf"), f"{where}: {path}: no BOM"
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows, f"{where}: {path}: empty"
    width = len(rows[0])
    if "county_table" not in path:  # the county tables are a layout, not a rectangle
        for i, r in enumerate(rows):
            assert len(r) == width, f"{where}: {path}: record {i + 1} has {len(r)} fields, the header {width}"
    return rows


class KillRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nb-kill-")
        cls.ini, cls.regs = cg.make_county(cls.tmp, townships=12, years=(2019, 2024), version=1)
        cls.pages = {}
        for v in (1, 2):
            cls.pages[v] = {os.path.join(cls.tmp, "portal", "gknb", "content", f"{slug}_{y}.html"):
                            cg.report(name, y, v).encode("utf-8")
                            for name, slug in cls.regs for y in range(2019, 2025)}
        cls.reference, cls.seconds = {}, {}
        for v in (1, 2):
            cls.use_version(v)
            out = os.path.join(cls.tmp, f"ref{v}")
            started = time.monotonic()
            rc, err = cls.nianbao_run(out)
            cls.seconds[v] = time.monotonic() - started
            assert rc == 0, err
            cls.reference[v] = {p: d for p, d in snapshot(out).items() if deterministic(p)}
        assert cls.reference[1] != cls.reference[2]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    @classmethod
    def use_version(cls, v):
        for path, data in cls.pages[v].items():
            with open(path, "wb") as f:
                f.write(data)

    @classmethod
    def nianbao_run(cls, out):
        p = subprocess.run([NIANBAO, "run", "-c", cls.ini, "-o", out], capture_output=True, timeout=120)
        return p.returncode, p.stderr.decode("utf-8", "replace")

    def check_after_kill(self, out, before, version, where):
        after = snapshot(out)
        for path in before:
            if not is_temporary(path):
                self.assertIn(path, after, f"{where}: {path} was removed")
        manifest_changed = False
        for path, data in after.items():
            if is_temporary(path) or path == ".lock":
                continue
            if path.endswith(".csv"):
                parse_csv(data, path, where)
            if deterministic(path):
                self.assertIn(data, (before.get(path), self.reference[version].get(path)),
                              f"{where}: {path} is neither the old nor the new version")
            elif path == "report.html":  # whole, old or new (it tells what changed: history)
                self.assertTrue(data.endswith(b"</html>\n"), f"{where}: report.html is cut short")
            elif path == "county.xlsx":
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    self.assertIsNone(z.testzip(), f"{where}: county.xlsx is damaged")
            elif path.endswith(".html.gz"):
                body = gzip.decompress(data)  # whole, or this raises
                self.assertTrue(path.endswith(hashlib.sha256(body).hexdigest()[:16] + ".html.gz"), path)
            elif path == "manifest.csv" and data != before.get(path):
                manifest_changed = True
        if manifest_changed:
            rows = list(csv.DictReader(io.StringIO(after["manifest.csv"][3:].decode("utf-8"), newline="")))
            self.assertEqual(len(rows), len(self.regs) * 6, where)
            for r in rows:
                self.assertIn(r["archive"], after, f"{where}: the manifest points to a missing archive")
                body = gzip.decompress(after[r["archive"]])
                self.assertEqual(hashlib.sha256(body).hexdigest(), r["sha256"], where)

    def test_kill_at_random_points(self):
        rng = random.Random(SEED)
        out = os.path.join(self.tmp, "out")
        # the delays span a run; when one finishes before its kill (the machine got
        # faster than while the references ran), the span shrinks
        span = min(self.seconds.values())
        kills = 0
        for i in range(ROUNDS):
            version = 2 if i % 2 == 0 else 1
            self.use_version(version)
            before = snapshot(out) if os.path.isdir(out) else {}
            delay = rng.uniform(0, span)
            p = subprocess.Popen([NIANBAO, "run", "-c", self.ini, "-o", out], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            _, err = p.communicate(timeout=60)
            where = f"round {i} (seed {SEED}, killed after {delay:.3f} s)"
            self.assertIn(p.returncode, (-signal.SIGKILL, 0), f"{where}: {err.decode('utf-8', 'replace')}")
            kills += p.returncode == -signal.SIGKILL
            if p.returncode == 0:
                span *= 0.8
            self.check_after_kill(out, before, version, where)
        self.assertGreater(kills, ROUNDS // 2, "most runs were killed mid-way")
        # the next run completes normally and writes the whole new version
        version = 2 if ROUNDS % 2 == 0 else 1
        self.use_version(version)
        rc, err = self.nianbao_run(out)
        self.assertEqual(rc, 0, f"seed {SEED}: {err}")
        final = snapshot(out)
        self.assertFalse([p for p in final if is_temporary(p)], "temporary debris left after a complete run")
        self.assertEqual({p: d for p, d in final.items() if deterministic(p)}, self.reference[version])
        self.assertFalse(os.path.exists(os.path.join(out, "revisions.csv")), "no figure changed, no revision")


if __name__ == "__main__":
    unittest.main()
