/**
 * A package index on 127.0.0.1 serving small distributions the tests build themselves (PEP 503
 * HTML pages and the files), for real pip runs offline:
 *
 * - `alpha 1.0` depends on `beta==1.0`; `beta 1.0` and `beta 2.0` exist (a DAG asking for
 *   `alpha==1.0` and `beta==2.0` cannot be resolved);
 * - `newpy 1.0` has `Requires-Python >=3.13`;
 * - `fancy-dist 1.0` installs the module `fancymod` (its name differs from the distribution's);
 * - `srconly 1.0` is an sdist only (pip builds it: "needs a compiler on the worker" in general);
 * - `brokenbuild 1.0` is an sdist whose build fails (as a C extension does without gcc).
 *
 * `startFileIndex(folder, { hold })` never answers the pages of the projects in `hold` (until it
 * closes): pip waits there, so a build can be cancelled in its resolve step without a race.
 *
 * Wheels are zip files written with Python's zipfile (METADATA, WHEEL, RECORD; no build backend).
 * The sdists carry their own tiny PEP 517 backend (`backend-path = ["."]`, `requires = []`), so
 * pip's build isolation installs nothing and builds them offline: a setuptools sdist would need
 * setuptools from the index, and Debian's setuptools wheel fails on a Python that is not Debian's
 * (`AttributeError: install_layout`, seen with pyenv's 3.11).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { listening, type IndexServer } from './indexServer.js';

const BUILDER = String.raw`
import base64, hashlib, io, os, sys, tarfile, zipfile

out = sys.argv[1]

def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))

def wheel(name, version, files, requires=(), requires_python=None):
    dist = name.replace("-", "_")
    info = "%s-%s.dist-info" % (dist, version)
    metadata = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)
    if requires_python:
        metadata += "Requires-Python: %s\n" % requires_python
    for item in requires:
        metadata += "Requires-Dist: %s\n" % item
    entries = dict(files)
    entries[info + "/METADATA"] = metadata
    entries[info + "/WHEEL"] = "Wheel-Version: 1.0\nGenerator: airflow-venv-lint-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [record_line(path, text.encode()) for path, text in entries.items()]
    record.append(info + "/RECORD,,")
    entries[info + "/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(os.path.join(out, "%s-%s-py3-none-any.whl" % (dist, version)), "w") as archive:
        for path, text in entries.items():
            archive.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), text)

BACKEND = """
import base64, hashlib, os, zipfile
NAME, VERSION, FAIL = %r, %r, %r
META = "Metadata-Version: 2.1\\nName: %%s\\nVersion: %%s\\n" %% (NAME, VERSION)
INFO = "%%s-%%s.dist-info" %% (NAME, VERSION)

def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    os.makedirs(os.path.join(metadata_directory, INFO))
    with open(os.path.join(metadata_directory, INFO, "METADATA"), "w") as f:
        f.write(META)
    return INFO

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if FAIL:
        print("building '%%s._speedups' extension" %% NAME)
        print("error: command 'gcc' failed: No such file or directory")
        raise SystemExit(1)
    files = {NAME + ".py": "VALUE = 1\\n", INFO + "/METADATA": META,
             INFO + "/WHEEL": "Wheel-Version: 1.0\\nGenerator: backend\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append("%%s,sha256=%%s,%%d" %% (path, digest, len(text.encode())))
    files[INFO + "/RECORD"] = "\\n".join(record + [INFO + "/RECORD,,"]) + "\\n"
    name = "%%s-%%s-py3-none-any.whl" %% (NAME, VERSION)
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return name
"""

def sdist(name, version, fail):
    # An in-tree PEP 517 backend (backend-path, no build requirements): pip builds it offline.
    base = "%s-%s" % (name, version)
    files = {
        base + "/pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n',
        base + "/backend.py": BACKEND % (name, version, fail),
        base + "/PKG-INFO": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version),
    }
    with tarfile.open(os.path.join(out, base + ".tar.gz"), "w:gz") as archive:
        for path, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mtime = 1577836800
            archive.addfile(info, io.BytesIO(data))

wheel("alpha", "1.0", {"alpha/__init__.py": "VERSION = '1.0'\n"}, requires=["beta==1.0"])
wheel("beta", "1.0", {"beta/__init__.py": "VERSION = '1.0'\n"})
wheel("beta", "2.0", {"beta/__init__.py": "VERSION = '2.0'\n"})
wheel("newpy", "1.0", {"newpy/__init__.py": ""}, requires_python=">=3.13")
wheel("fancy-dist", "1.0", {"fancymod/__init__.py": "NAME = 'fancy'\n"})
sdist("srconly", "1.0", False)
sdist("brokenbuild", "1.0", True)
`;

/** Builds the test distributions into `folder`. */
export function buildWheelhouse(folder: string): string[] {
  execFileSync('python3', ['-c', BUILDER, folder]);
  return readdirSync(folder).sort();
}

/** What the index says of a file's Requires-Python (data-requires-python), as PyPI does. */
const REQUIRES_PYTHON: Record<string, string> = { 'newpy-1.0-py3-none-any.whl': '>=3.13' };

/** PEP 503: the project a file belongs to, normalised. */
function projectOf(filename: string): string {
  const name = filename.endsWith('.whl') ? filename.split('-')[0]! : filename.replace(/-[^-]+\.tar\.gz$/, '');
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A local index serving files (test/support/indexServer.ts serves it). */
export type FileIndex = IndexServer;

/** Serves `folder` as a PEP 503 simple index: /simple/<project>/ and /files/<file>; the pages of `hold` are never answered. */
export async function startFileIndex(folder: string, { hold = [] }: { hold?: string[] } = {}): Promise<FileIndex> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const files = readdirSync(folder);
    const project = /^\/simple\/([^/]+)\/?$/.exec(url)?.[1];
    if (project && hold.includes(project.toLowerCase())) return; // closeAllConnections() ends it
    if (project) {
      const matching = files.filter((file) => projectOf(file) === project.toLowerCase());
      if (matching.length === 0) {
        response.writeHead(404).end('Not Found');
        return;
      }
      const links = matching.map((file) => `<a href="/files/${file}"${REQUIRES_PYTHON[file] ? ` data-requires-python="${REQUIRES_PYTHON[file]!.replace(/>/g, '&gt;')}"` : ''}>${file}</a>`).join('\n');
      response.writeHead(200, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><html><body>\n${links}\n</body></html>`);
      return;
    }
    const file = /^\/files\/([^/]+)$/.exec(url)?.[1];
    if (file && files.includes(file)) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(join(folder, file)));
      return;
    }
    response.writeHead(404).end('Not Found');
  });
  return listening(server, requests);
}

/**
 * The start of a DAG whose first task asks for what the wheelhouse cannot resolve together
 * (`alpha==1.0` needs `beta==1.0`; `beta==2.0` is asked for): lines 1-15, the requirements at lines 8
 * and 9, as the environment tests' assertions name them. A DAG goes on after it with its other tasks.
 */
export const CONFLICTING_TASK = `from airflow.decorators import task


@task.virtualenv(
    python_version="3.11",
    system_site_packages=False,
    requirements=[
        "alpha==1.0",
        "beta==2.0",
    ],
)
def conflicting():
    import alpha

    return alpha.VERSION
`;
