/**
 * What "Verify Interpreter" learnt about an interpreter, as the analysis sees it.
 * The probing itself (a subprocess) lives in src/interpreter/; rules only read
 * these facts, and stay silent about interpreters nobody has probed.
 */
export interface DistributionFacts {
  name: string;
  version: string;
  modules: string[];
}

export interface InterpreterFacts {
  executable: string;
  version: string;
  implementation: string;
  inVirtualenv: boolean;
  venv: boolean;
  ensurepip: boolean;
  virtualenv: boolean;
  /** `sys.stdlib_module_names` (Python 3.10+; empty before). */
  stdlib: string[];
  sitePackages: string[];
  distributions: DistributionFacts[];
}

export type ProbeFailure = 'missing' | 'not-executable' | 'failed' | 'timeout' | 'garbage' | 'python2';

export type ProbeResult =
  | { ok: true; path: string; info: InterpreterFacts }
  | { ok: false; path: string; failure: ProbeFailure; message: string };

/** Probe results by the command as the DAG writes it (`/opt/venv/bin/python`, `python3.11`). */
export type InterpreterLookup = (command: string) => ProbeResult | undefined;

/** The interpreter Airflow creates a virtualenv task's venv with: `python{python_version}`, else `python3`. */
export function venvCreatorCommand(pythonVersion: string | undefined): string {
  return pythonVersion ? `python${pythonVersion}` : 'python3';
}

/** One file of a release on a package index (from the simple API). */
export interface IndexFile {
  filename: string;
  requiresPython: string | undefined;
  yanked: boolean;
}

/** What an online check learnt about a distribution on the index. */
export interface IndexFacts {
  index: string;
  /** Version -> its files. */
  releases: Map<string, IndexFile[]>;
}

/** Index facts by PEP 503 name; undefined when not looked up (online checks off, or not yet). */
export type IndexLookup = (normalizedName: string) => IndexFacts | undefined;
