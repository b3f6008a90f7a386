/**
 * What a host hands the analysis besides the text: file reads, the cross-module
 * resolver, and the facts learnt outside it (verify runs, the package index).
 * The analysis never reads the disk, runs a process or reaches the network
 * itself; rules only read these facts, and stay silent about what nobody has
 * looked up.
 */
import type { CallableInputs } from './extract/callable.js';
import type { Value } from './model.js';
import type { Node } from './parse/parse.js';

/**
 * A file's text, or why it cannot be had (missing, unreadable, binary, too large). `declined`:
 * the host refused it by its own limits (size, file type, a real path outside the DAG folder),
 * which says nothing about whether Airflow can read it.
 */
export type ReadResult = { text: string } | { error: string; declined?: boolean };

/** Reads a file; `within`: its real path must stay inside this folder (requirements files: the DAG folder). */
export type ReadFile = (path: string, within?: string) => ReadResult;

/** What "Verify Interpreter" learnt about an interpreter (the probing itself lives in src/interpreter/). */
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

/** One thing "Build Task Environment" found (the building itself lives in src/environment/). */
export interface EnvironmentProblem {
  /**
   * `unresolvable`: pip cannot resolve the requirements (a conflict, no such version, Requires-Python);
   * `source-build`: a distribution comes as an sdist and is built on the worker; `build-failed`: that
   * build failed; `import-failed`: importing a module of the callable failed in the built venv.
   */
  kind: 'unresolvable' | 'source-build' | 'build-failed' | 'import-failed';
  /** Indexes of the task's requirement entries pip names; empty: the list as a whole. */
  entries: number[];
  /** `import-failed`: the module as the callable imports it (`fancymod`, `pkg.sub`). */
  module?: string;
  /** pip's or Python's own words. */
  message: string;
}

/** What building a task's venv as Airflow would (creator, flags, requirements) learnt. */
export interface EnvironmentFacts {
  /** How it was built, for messages: `virtualenv --python=python3.11 (Airflow 2.11.1)`. */
  builtWith: string;
  /** The venv's Python (`3.11.7`). */
  pythonVersion: string;
  problems: EnvironmentProblem[];
  /** Modules of the callable that imported in the built venv. */
  imported: string[];
  /** Distribution (PEP 503 name) -> the top-level modules it installed (top_level.txt, else RECORD). */
  provides: Record<string, string[]>;
}

/**
 * Build results by a task's environment signature (`environmentSignature`: its requirement lines,
 * python_version, system_site_packages, pip options and indexes); undefined when not built. The
 * host drops a result when the interpreter it was built with changed.
 */
export type EnvironmentLookup = (signature: string) => EnvironmentFacts | undefined;

/** Facts the hosts learn outside the analysis (verify runs, constraints file, online checks, built environments). */
export interface ExternalFacts {
  /** Results of "Verify Interpreter" runs (the verify rules stay silent without them). */
  interpreters?: InterpreterLookup;
  /** The configured constraints file's pin for a distribution (PEP 503 name), when one is configured. */
  constraints?: (normalizedName: string) => string | undefined;
  /** Online-check results from the package index (VENV209 stays silent without them). */
  index?: IndexLookup;
  /**
   * Top-level module names importable as first-party code for this file: the packages and modules
   * the host found where Airflow puts code on `sys.path` (the DAG folder, `plugins/`, the config
   * folder) and at the workspace root (workspace/first-party.ts lists them).
   */
  importable?: ReadonlySet<string>;
  /** Results of "Build Task Environment" by environment signature (VENV213/214/307 stay silent without them). */
  environments?: EnvironmentLookup;
  /** Module -> distributions learnt from built environments (kept in their cache): VENV301/VENV208 trust them like the import map. */
  learnedModules?: Record<string, string[]>;
}

/** The disk as the workspace index sees it; the host implements it (reads cached, an editor's unsaved text first). */
export interface WorkspaceFileSystem {
  /** A file's text, or why it cannot be had (missing, unreadable, binary, too large). */
  read(path: string): ReadResult;
  /** What is at `path`, if anything. */
  kind(path: string): 'file' | 'directory' | undefined;
  /** The entries of a folder, or undefined when it cannot be read. */
  list(directory: string): { name: string; directory: boolean }[] | undefined;
}

/** What a DAG file knows about itself when it asks the workspace index. */
export interface ImportingFile {
  path: string | undefined;
  /** Its module-level import statements. */
  imports: Node[];
}

/** The hook extraction calls to follow names into other workspace files; absent, analysis is single-file. */
export interface CrossModuleResolver {
  /** `python_callable=run` / `=ex.run` where the DAG imports it: the function in its own file. */
  callable(from: ImportingFile, dotted: string, files: Set<string>): { node: Node; inputs: CallableInputs } | undefined;
  /** A (dotted) name the DAG imports, evaluated in the file that defines it. */
  value(from: ImportingFile, dotted: string, depth: number, files: Set<string>): Value | undefined;
  /** Top-level module names first-party for a DAG file (its DAG folder, plugins/, config/, the project root). */
  importable?(dagPath: string | undefined): ReadonlySet<string>;
}
