/**
 * What a host (the CLI, the language server, the tests) hands the analysis
 * besides the text, and what the CLI and the server both build around it: the
 * workspace index, the version sources for pins, the online checks, the index URL.
 * One place, so that every front end lints the same way.
 */
import { dirname, relative } from 'node:path';
import { WorkspaceIndex, type Grammar, type IndexLookup, type InterpreterLookup, type LintConfig, type LintOptions, type WorkspaceFileSystem } from '../analysis/index.js';
import type { InterpreterRegistry } from '../interpreter/registry.js';
import { constraintsFile } from '../versions/constraints.js';
import { InterpreterSource } from '../versions/interpreter.js';
import { OnlineChecks } from '../versions/online.js';
import { DEFAULT_INDEX_URL, IndexSource, pipIndexUrl } from '../versions/package-index.js';
import type { VersionSource } from '../versions/source.js';
import { readTextFileCached } from './files.js';
import { isExcluded } from './globs.js';
import type { ProjectConfig } from './project-config.js';

export function hostOptions(config: LintConfig, interpreters?: InterpreterLookup, index?: IndexLookup): Omit<LintOptions, 'previousTree'> {
  const constraints = config.constraintsFile ? constraintsFile(config.constraintsFile) : undefined;
  return {
    config,
    readFile: readTextFileCached,
    ...(interpreters ? { interpreters } : {}),
    ...(index ? { index } : {}),
    ...(constraints ? { constraints: (name: string) => constraints.pinned(name) } : {}),
  };
}

export interface WorkspaceIndexOptions {
  grammar: Grammar;
  fileSystem: WorkspaceFileSystem;
  /** The DAG folders. */
  roots: string[];
  /** The project configuration that applies to a DAG file: its pyproject.toml's folder is on sys.path too. */
  projectOf: (path: string) => ProjectConfig;
  /** Airflow 3 reads `.airflowignore` as globs, earlier versions as regular expressions. */
  airflowVersion: () => LintConfig['airflowVersion'];
  /** Whether the index itself skips the files a project's `exclude` names (the CLI skips them as it walks). */
  honourExclude: boolean;
}

/** The one workspace index of a CLI run or a server session. */
export function workspaceIndex(options: WorkspaceIndexOptions): WorkspaceIndex {
  return new WorkspaceIndex({
    grammar: options.grammar,
    fileSystem: options.fileSystem,
    roots: options.roots,
    extraRoots: (dagPath) => {
      const project = options.projectOf(dagPath);
      return project.path ? [dirname(project.path)] : [];
    },
    ...(options.honourExclude
      ? {
        isExcluded: (path: string) => {
          const project = options.projectOf(path);
          return project.path !== undefined && isExcluded(relative(dirname(project.path), path), project.config.exclude);
        },
      }
      : {}),
    ignoreSyntax: () => (options.airflowVersion() === '3' ? 'glob' : 'regexp'),
  });
}

/** The configured index, else pip's, else PyPI. */
export function indexUrlFor(config: LintConfig): string {
  return config.indexUrl ?? pipIndexUrl() ?? DEFAULT_INDEX_URL;
}

/** Online checks (VENV209) against a configuration's index, one per index URL in `cache`. */
export function onlineChecksFor(config: LintConfig, cache: Map<string, OnlineChecks>, cacheDirectory: string): OnlineChecks {
  const indexUrl = indexUrlFor(config);
  let online = cache.get(indexUrl);
  if (!online) {
    online = new OnlineChecks(new IndexSource({ indexUrl, offline: config.offline, cacheDirectory }));
    cache.set(indexUrl, online);
  }
  return online;
}

/**
 * Where pins come from, in the order they win (DESIGN.md "Version sources"): the constraints file
 * the configuration names, the verified interpreters, then the package index when one is given.
 */
export function versionSources(config: LintConfig, registry: InterpreterRegistry | undefined, index: { indexUrl: string; offline: boolean | undefined; cacheDirectory: string } | undefined): VersionSource[] {
  const sources: VersionSource[] = [];
  if (config.constraintsFile) sources.push(constraintsFile(config.constraintsFile));
  if (registry) sources.push(new InterpreterSource(registry.lookup, () => registry.probed()));
  if (index) sources.push(new IndexSource(index));
  return sources;
}
