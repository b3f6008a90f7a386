/**
 * The hinge of the analysis: extraction turns a syntax tree into these plain
 * objects, and rules read only them (they never walk the tree).
 * All offsets are UTF-16 code-unit offsets into `SourceText.text`.
 */
import type { TaskKind } from './knowledge/airflow.js';
import type { LineIndex } from './parse/positions.js';

/** A text the analysis reports on: the DAG file or a requirements file it reads. */
export interface SourceText {
  /** File system path; undefined for an unsaved document. */
  path: string | undefined;
  text: string;
  lines: LineIndex;
}

/** A piece of a source text. */
export interface Span {
  source: SourceText;
  start: number;
  end: number;
}

/** A statically known (or knowingly unknown) Python value. */
export type Value =
  | StringValue
  | { kind: 'number'; text: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'none'; span: Span }
  | SequenceValue
  /** A dotted name the extractor could not resolve to a constant, e.g. `sys.executable`. */
  | { kind: 'reference'; name: string; span: Span }
  | { kind: 'unknown'; span: Span };

export interface StringValue {
  kind: 'string';
  value: string;
  /** The whole literal, quotes and prefix included. */
  span: Span;
  /** The characters between the quotes. */
  contentSpan: Span;
  /** True when every character of `value` is one character of the content (no escapes, no concatenation). */
  exact: boolean;
  /** The opening quote as written: `"`, `'`, `"""` or `'''`. */
  quote: string;
}

export interface SequenceValue {
  kind: 'sequence';
  items: Value[];
  span: Span;
  /** False when part of the sequence is not statically known (a call, `*unknown`, ...). */
  complete: boolean;
  /**
   * The list/tuple/set literal new items can be appended to, when there is one:
   * the literal itself, or the literal of the constant it names.
   */
  literal: Span | undefined;
}

export interface ArgumentModel {
  name: string;
  /** The keyword (`python_bin`), or the value for a positional argument. */
  nameSpan: Span;
  /** `name=value` as a whole, for fixes that rewrite or remove the argument. */
  span: Span;
  value: Value;
  positional: boolean;
}

export interface ParsedRequirement {
  name: string;
  /** PEP 503: lower case, runs of `-`, `_`, `.` become one `-`. */
  normalizedName: string;
  extras: string[];
  specifiers: { operator: string; version: string }[];
  url: string | undefined;
  marker: string | undefined;
}

/** One requirement as pip will see it: a string item, or a line of a requirements file. */
export interface RequirementEntry {
  text: string;
  /** Where `text` stands; when `exact`, offset i of text is `span.start + i`. */
  span: Span;
  exact: boolean;
  kind: 'requirement' | 'include' | 'option' | 'editable';
  parsed: ParsedRequirement | undefined;
  /** Why pip would reject the line; `offset` is into `text`. */
  error: { message: string; offset: number } | undefined;
  /** What removing this requirement deletes: its string literal in a list, or its line in a file. */
  element: Span | undefined;
}

export interface RequirementsFile {
  /** As written in the DAG (`requirements.txt`). */
  name: string;
  /** The string that names it: the whole value, or an item of a requirements list. */
  span: Span;
  /** Resolved path, relative to the DAG file's folder. */
  path: string;
  source: SourceText | undefined;
  /** Why it could not be read, when it could not. */
  error: string | undefined;
  /**
   * Set when the DAG folder does not have it and the DAG has a `template_searchpath`: the folder
   * it was found in there, and whether the search path could be checked at all (a dynamic or
   * relative search path, or a folder this machine does not have, cannot).
   */
  /** `elsewhere`: the file defines no DAG, so the folder and search path Airflow uses are another file's. */
  searchPath?: { where: string; foundIn: string | undefined; verifiable: boolean; elsewhere?: boolean };
  /** The linter declined to read it (its size, file type, or a real path outside the DAG folder). */
  declined?: boolean;
}

export interface RequirementsModel {
  /** The value of `requirements=`. */
  span: Span;
  entries: RequirementEntry[];
  /**
   * False when some requirement is not statically known (a call, a file that cannot be read, a Jinja
   * template such as `"pandas=={{ var.value.v }}"` that only Airflow renders): rules that need all of
   * them stay silent.
   */
  complete: boolean;
  /** The requirements file `requirements="x.txt"` names (the first file, when a list names several). */
  file: RequirementsFile | undefined;
  /** Every requirements file the value names: the string itself, or `.txt` items of a list (Airflow renders each as a file). */
  files: RequirementsFile[];
  /** Requirement strings and file lines left out because they hold Jinja (`{{ ... }}`, `{% ... %}`): Airflow renders them first. */
  templated: Span[];
  /** The literal new requirements can be appended to (undefined for files and dynamic values). */
  literal: Span | undefined;
  /** Quote style to write new requirements with. */
  quote: string;
}

export interface ImportModel {
  /** Full dotted module (`google.cloud.storage`); for `from . import x`, undefined. */
  module: string | undefined;
  /** Span of the module name as written. */
  span: Span;
  /** `from google.cloud import storage`: the names may be submodules (`google.cloud.storage`). */
  submodules: string[];
  /** Inside `try:` with an `except ImportError`/`ModuleNotFoundError`/bare except: the code copes. */
  guarded: boolean;
  /** `importlib.import_module("x")` rather than an import statement. */
  dynamic: boolean;
}

/** A name the callable reads that only the DAG module defines. */
export interface ModuleNameUse {
  name: string;
  span: Span;
  binding: ModuleBinding;
}

export interface ModuleBinding {
  name: string;
  kind: 'import' | 'constant' | 'function' | 'class';
  /** The statement that binds it (the whole import statement, assignment, def or class). */
  span: Span;
  /** For imports: the statement's text, reusable inside the callable. */
  importText?: string;
  /** For imports: how many names the statement binds (a fix may only move a lone one). */
  importedNames?: number;
}

export interface CallableModel {
  name: string | undefined;
  /** The name in `def name(` (or the lambda). */
  nameSpan: Span;
  /** The function definition (without decorators). */
  span: Span;
  lambda: boolean;
  imports: ImportModel[];
  /** `sys.path.append(...)`, `sys.path.insert(...)`, `site.addsitedir(...)` in the callable (their callees), in document order. */
  pathExtensions: Span[];
  moduleNameUses: ModuleNameUse[];
  /**
   * Where a new import line goes (`at`, empty): the start of the first statement's line after
   * the docstring (or just after a docstring that is the whole body, with
   * `newlineBefore`), and the body's indentation.
   */
  bodyStart: { at: Span; indent: string; newlineBefore: boolean } | undefined;
}

export interface TaskModel {
  kind: TaskKind;
  form: 'operator' | 'decorator';
  /** `PythonVirtualenvOperator`, `@task.virtualenv`, ... */
  symbol: string;
  /** The module the operator class or the `task` decorator object was imported from (`airflow.operators.python`). */
  module: string;
  /** The callee of the operator call, or the decorator expression. */
  span: Span;
  arguments: Map<string, ArgumentModel>;
  /** Positional arguments of an operator call (every Airflow release refuses them when the DAG is parsed); empty for decorators. */
  positionalArguments: Span[];
  /** `*args` / `**kwargs` in the argument list: arguments the model cannot see (rules about a missing argument stay silent). */
  argumentsUnpacked: boolean;
  /** The argument list, for fixes that add an argument; undefined for a bare decorator. */
  argumentsSpan: Span | undefined;
  requirements: RequirementsModel | undefined;
  /** True/False when written as a literal or defaulted; undefined when dynamic. */
  systemSitePackages: boolean | undefined;
  callable: CallableModel | undefined;
  /**
   * Other files the task's model was read from (the callable's module, the module of a
   * requirements constant, re-exporting `__init__.py`s): when one changes, re-analyse.
   * Empty without a workspace resolver.
   */
  dependencies: string[];
}

/** An import of an Airflow operator or decorator, wherever the file makes it. */
export interface AirflowImport {
  module: string;
  /** A path no Airflow release has, close to known ones: those paths, and the one correction when it is certain. */
  misspelt?: { candidates: string[]; correction: string | undefined };
  /** Span of the module path in the import statement. */
  span: Span;
  /** Whole statement. */
  statementSpan: Span;
}

export interface FileModel {
  source: SourceText;
  tasks: TaskModel[];
  airflowImports: AirflowImport[];
  /** Every `airflow.*` module the file imports from, sorted: the target is inferred from them (knowledge/airflow-target.ts). */
  airflowModules: string[];
  /** The DAG's `template_searchpath` as written (every DAG of the file), when one is set: requirements files are also looked up there. */
  templateSearchPath: string | undefined;
  /** The file names `default_args` somewhere: Airflow may fill an operator's missing arguments from it. */
  defaultArgs: boolean;
  /** Syntax errors make extraction partial; the rules still run on what was found. */
  hasSyntaxErrors: boolean;
}

/** The interpreter command a task names: `python=` for external-python tasks. */
export function externalInterpreter(task: TaskModel): { command: string; span: Span } | undefined {
  const value = task.kind === 'external-python' ? task.arguments.get('python')?.value : undefined;
  return value?.kind === 'string' ? { command: value.value.trim(), span: value.span } : undefined;
}

/** The arguments that decide how Airflow builds a task's venv, besides `requirements`. */
export const ENVIRONMENT_ARGUMENTS = ['python_version', 'system_site_packages', 'pip_install_options', 'index_urls', 'serializer', 'use_dill'] as const;

/** A value as plain JSON, when it is statically known. */
function plainValue(value: Value): unknown {
  switch (value.kind) {
    case 'string': return value.value;
    case 'bool': return value.value;
    case 'none': return null;
    case 'number': return value.text;
    case 'sequence': {
      if (!value.complete) return undefined;
      const items = value.items.map(plainValue);
      return items.includes(undefined) ? undefined : items;
    }
    default: return undefined;
  }
}

/**
 * What identifies the venv Airflow builds for a virtualenv task: its requirement lines and the
 * arguments that change the build. Results of "Build Task Environment" are kept under it, so they
 * hold until one of these changes. Undefined when part of it is not statically known.
 */
export function environmentSignature(task: TaskModel): string | undefined {
  if (task.kind !== 'virtualenv' || (task.requirements && !task.requirements.complete) || task.systemSitePackages === undefined) return undefined;
  const signature: Record<string, unknown> = { requirements: task.requirements?.entries.map((entry) => entry.text) ?? [], system_site_packages: task.systemSitePackages };
  for (const name of ENVIRONMENT_ARGUMENTS) {
    const argument = task.arguments.get(name);
    if (!argument || name === 'system_site_packages') continue;
    const value = plainValue(argument.value);
    if (value === undefined) return undefined;
    signature[name] = value;
  }
  return JSON.stringify(signature);
}
