/**
 * The analysis core's public face: what the CLI, the language server, the tests of
 * their behaviour and the bench import. Everything here is pure: text in, findings
 * out (no LSP, no disk but the grammar, no network). Hosts hand in file reads, the
 * workspace resolver and what they learnt outside (inputs.ts).
 *
 * The data flows: parse -> extract (+ incremental, workspace) -> model -> rules
 * -> findings -> fixes.
 */
export { loadGrammar, parse, applyEdit, type Grammar, type TextChange, type Tree } from './parse.js';
export { LineIndex, type Position, type Range } from './positions.js';
export { lintText, mayContainTasks, taskPythonVersion, ruleFailure, type LintOptions, type LintResult } from './lint.js';
export type { ExtractState } from './extract.js';
export { configured, isSelected, type LintConfig } from './config.js';
export { runCrossTaskRules } from './crossTask.js';
export { externalInterpreter, type FileModel, type RequirementEntry, type SourceText, type Span, type TaskModel } from './model.js';
export { SEVERITIES, type Edit, type Finding, type Fix, type PinRequest, type Severity } from './findings.js';
export { applyEdits, fixAllEdits } from './fixes.js';
export { noqaEdit } from './suppression.js';
export type {
  CrossModuleResolver,
  ExternalFacts,
  IndexFacts,
  IndexFile,
  IndexLookup,
  InterpreterFacts,
  InterpreterLookup,
  ProbeFailure,
  ProbeResult,
  ReadResult,
  WorkspaceFileSystem,
} from './inputs.js';
export { WorkspaceIndex, type WorkspaceOptions } from './workspace.js';
export { isIgnored, parseAirflowIgnore, type IgnoreSyntax } from './airflowignore.js';
export { venvCreatorCommand, type AirflowVersion } from './airflow.js';
export { createKnowledge } from './knowledge.js';
export { fileAllowsPython, isPrerelease } from './releases.js';
export { normalizeName } from './requirements.js';
export { RULES, RULES_BY_CODE, DOCS_URL, docsUrl, namesSomeRule } from './rules/index.js';
export { invalidConfiguration } from './rules/invalid-configuration.js';
export { finding, type Rule } from './rules/rule.js';
