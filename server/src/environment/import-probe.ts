/**
 * The import probe: a small Python script run with `-I -c` in the built venv (isolated: no
 * PYTHON* variables, no current folder on sys.path) that imports each module named in argv —
 * only module names taken from the callable's import statements, never the callable or the DAG
 * file — and prints one JSON object: each import's outcome with Python's own error, and the
 * distributions installed in the venv with the top-level modules they provide (top_level.txt,
 * else RECORD). What the imported modules print goes to stderr, so it cannot spoil the answer.
 */
import type { EnvironmentProblem } from '../analysis/index.js';

export const IMPORT_PROBE = String.raw`
import importlib, json, os, sys, traceback
out = sys.stdout
sys.stdout = sys.stderr
results = []
for spec in sys.argv[1:]:
    module, _, names = spec.partition(":")
    try:
        imported = importlib.import_module(module)
        for name in [n for n in names.split(",") if n]:
            if not hasattr(imported, name):
                importlib.import_module(module + "." + name)
        results.append({"module": module, "ok": True})
    except BaseException as error:
        results.append({"module": module, "ok": False, "error": "".join(traceback.format_exception_only(type(error), error)).strip()[-1500:]})

def top_level(dist):
    text = dist.read_text("top_level.txt")
    if text:
        return sorted(set(line.strip() for line in text.splitlines() if line.strip()))
    found = set()
    for path in dist.files or []:
        parts = str(path).replace("\\", "/").split("/")
        first = parts[0]
        if first.endswith((".dist-info", ".egg-info", ".data")) or first in ("..", "__pycache__", "bin"):
            continue
        if len(parts) == 1:
            if first.endswith(".py"):
                found.add(first[:-3])
            elif first.endswith((".so", ".pyd")):
                found.add(first.split(".")[0])
        else:
            found.add(first)
    return sorted(found)

distributions = []
try:
    from importlib import metadata
    prefix = os.path.realpath(sys.prefix)
    for dist in metadata.distributions():
        location = os.path.realpath(str(dist.locate_file("")))
        if not location.startswith(prefix):
            continue
        distributions.append({"name": dist.metadata["Name"], "version": dist.version, "modules": top_level(dist)})
except Exception:
    pass
out.write(json.dumps({"probe": "imports", "python": "%d.%d.%d" % sys.version_info[:3], "results": results, "distributions": distributions}))
`;

export interface ImportOutcome {
  module: string;
  ok: boolean;
  error?: string;
}

export interface ProbeAnswer {
  python: string;
  results: ImportOutcome[];
  distributions: { name: string; version: string; modules: string[] }[];
}

/** The probe's argv items: `module` or, for `from module import a, b`, `module:a,b`. */
export function probeArguments(imports: readonly { module: string; names: string[] }[]): string[] {
  return imports.map((item) => (item.names.length > 0 ? `${item.module}:${item.names.join(',')}` : item.module));
}

export function parseProbeAnswer(stdout: string): ProbeAnswer | undefined {
  try {
    const value = JSON.parse(stdout) as Partial<ProbeAnswer> & { probe?: unknown };
    if (value.probe !== 'imports' || !Array.isArray(value.results)) return undefined;
    return { python: String(value.python ?? ''), results: value.results, distributions: Array.isArray(value.distributions) ? value.distributions : [] };
  } catch {
    return undefined;
  }
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Distribution (PEP 503 name) -> its top-level modules. */
export function providesOf(answer: ProbeAnswer): Record<string, string[]> {
  return Object.fromEntries(answer.distributions.map((item) => [normalize(item.name), item.modules]));
}

/** A failed import as a problem, with Python's message and what the venv does have. */
export function importProblems(answer: ProbeAnswer): EnvironmentProblem[] {
  const installed = answer.distributions.filter((item) => !['pip', 'setuptools', 'wheel'].includes(normalize(item.name)));
  const have = installed.length > 0 ? installed.map((item) => `${item.name} (${item.modules.join(', ') || 'no modules'})`).join(', ') : 'none';
  return answer.results.filter((item) => !item.ok).map((item) => ({
    kind: 'import-failed' as const,
    entries: [],
    module: item.module,
    message: `${item.error ?? 'the import failed'}. Installed distributions and their modules: ${have}`,
  }));
}
