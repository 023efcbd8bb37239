#!/usr/bin/env python3
"""The source tree keeps the shape README's Layout promises: every include of a project
header points down the stack of layers (never from a lower stage into a higher one),
every include names its header from the repository's root, and no folder grows past
about 15 C files. A change that breaks one of these fails here with the file and line."""
import os
import re
import tempfile
import unittest

ROOT = os.environ.get("NB_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Bottom to top. A file may include headers of its own layer and of the layers below.
LAYERS = ["base", "pipeline", "pipeline/ocr", "pipeline/read", "pipeline/check", "out", "pipeline/fetch", "scrapers", "cmd"]
# A layer grown past MAX_C_FILES is split into sub-folders that stay part of it: the readers
# of files (PDF, Word, pictures) are pipeline/read/files/, one layer with pipeline/read.
SUBFOLDERS = {"pipeline/read/files": "pipeline/read"}
MAX_C_FILES = 15
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(path):
    """The layer a repository path belongs to (the longest matching folder), or None."""
    folder = os.path.dirname(path)
    folder = SUBFOLDERS.get(folder, folder)
    return folder if folder in LAYERS else None


def folders():
    return LAYERS + list(SUBFOLDERS)


def sources(root):
    for rel in folders():
        folder = os.path.join(root, rel)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if name.endswith((".c", ".h")):
                yield f"{rel}/{name}"


def include_problems(root):
    """One line per include that climbs a layer or is not named from the root."""
    problems = []
    for path in sources(root):
        rank = LAYERS.index(layer_of(path))
        with open(os.path.join(root, path), encoding="utf-8") as f:
            text = f.read()
        for m in INCLUDE.finditer(text):
            target = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            if path.startswith("cmd/") and "/" not in target:
                continue  # cmd's own headers (cmd.h, progress.h)
            target_layer = layer_of(target)
            if target_layer is None or not os.path.exists(os.path.join(root, target)):
                problems.append(f"{path}:{line}: \"{target}\" is not a header of a layer, named from the root")
            elif LAYERS.index(target_layer) > rank:
                problems.append(f"{path}:{line}: {layer_of(path)}/ includes {target} of the higher layer {target_layer}/")
    return problems


class Layers(unittest.TestCase):
    def test_includes_point_down(self):
        problems = include_problems(ROOT)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_tests_and_tools_name_headers_from_the_root(self):
        problems = []
        for folder in ("tests/unit", "tests/fuzz", "bench"):
            for name in sorted(os.listdir(os.path.join(ROOT, folder))):
                if not name.endswith((".c", ".h")):
                    continue
                with open(os.path.join(ROOT, folder, name), encoding="utf-8") as f:
                    for m in INCLUDE.finditer(f.read()):
                        target = m.group(1)
                        if os.path.exists(os.path.join(ROOT, folder, target)):
                            continue  # the folder's own helpers (check.h, fuzz.h)
                        if not os.path.exists(os.path.join(ROOT, target)):
                            problems.append(f"{folder}/{name}: \"{target}\" is not named from the root")
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_no_folder_is_crowded(self):
        crowded = {}
        for folder in folders():
            n = sum(1 for f in os.listdir(os.path.join(ROOT, folder)) if f.endswith(".c"))
            if n > MAX_C_FILES:
                crowded[folder] = n
        self.assertEqual(crowded, {}, f"folders with more than {MAX_C_FILES} C files: split them by stage")

    def test_every_source_is_in_a_layer(self):
        stray = []
        for folder, dirs, files in os.walk(ROOT):
            rel = os.path.relpath(folder, ROOT)
            dirs[:] = [d for d in dirs if not d.startswith((".", "build")) and
                       os.path.join(rel, d).replace("./", "") not in ("tests", "bench", "examples", "runs")]
            for name in files:
                path = os.path.normpath(os.path.join(rel, name))
                if name.endswith((".c", ".h")) and layer_of(path) is None:
                    stray.append(path)
        self.assertEqual(stray, [], "C sources outside the layers of README's Layout")

    def test_a_violation_is_caught(self):
        """The checker itself, on a small tree: the model reaching up into the fetch stage
        and a header named by its bare name are both reported, a downward include is not."""
        with tempfile.TemporaryDirectory() as tmp:
            files = {"base/buf.h": "", "pipeline/fetch/fetch.h": '#include "base/buf.h"\n',
                     "pipeline/report.h": '#include "base/buf.h"\n#include "pipeline/fetch/fetch.h"\n',
                     "out/tidy.c": '#include "buf.h"\n'}
            for path, text in files.items():
                os.makedirs(os.path.join(tmp, os.path.dirname(path)), exist_ok=True)
                with open(os.path.join(tmp, path), "w", encoding="utf-8") as f:
                    f.write(text)
            self.assertEqual(include_problems(tmp), [
                'pipeline/report.h:2: pipeline/ includes pipeline/fetch/fetch.h of the higher layer pipeline/fetch/',
                'out/tidy.c:1: "buf.h" is not a header of a layer, named from the root'])


if __name__ == "__main__":
    unittest.main()
