# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (c) 2026, foobar engineering
"""Print a JSON digest of an app source on the controller, which names the release.

    python3 source_digest.py PATH

A directory: every file's relative path, executable bit and contents, and every
directory's relative path, in sorted order (.git and __pycache__ left out,
symbolic links followed as the copy module follows them). A file (an archive):
its bytes. Output: {"kind": "directory" | "archive", "digest": "<sha256 hex>"}.
Exit status 2, with the reason on stderr, when PATH is neither.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys

SKIPPED = {".git", "__pycache__"}
CHUNK = 1024 * 1024


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tree_digest(root):
    digest = hashlib.sha256()
    for directory, subdirectories, files in os.walk(root, followlinks=True):
        subdirectories[:] = sorted(name for name in subdirectories if name not in SKIPPED)
        relative = os.path.relpath(directory, root)
        digest.update(("D %s\n" % relative).encode("utf-8", "surrogateescape"))
        for name in sorted(files):
            path = os.path.join(directory, name)
            executable = bool(os.stat(path).st_mode & stat.S_IXUSR)
            line = "F %s %d %s\n" % (os.path.normpath(os.path.join(relative, name)), executable, file_digest(path))
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: source_digest.py PATH\n")
        return 2
    path = argv[1]
    if os.path.isdir(path):
        result = {"kind": "directory", "digest": tree_digest(path)}
    elif os.path.isfile(path):
        result = {"kind": "archive", "digest": file_digest(path)}
    else:
        sys.stderr.write("%s is neither a directory nor a file on the controller\n" % path)
        return 2
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
