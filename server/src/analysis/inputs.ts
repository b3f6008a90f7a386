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

/** Facts the hosts learn outside the analysis (verify runs, constraints file, online checks). */
export interface ExternalFacts {
  interpreters?: InterpreterLookup;
  constraints?: (normalizedName: string) => string | undefined;
  index?: IndexLookup;
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
}
