/**
 * The analysis core's public face: what the CLI, the language server, the tests of
 * their behaviour and the bench import. Everything here is pure: text in, findings
 * out (no LSP, no disk but the grammar, no network). Hosts hand in file reads, the
 * workspace resolver and what they learnt outside (inputs.ts).
 *
 * The data flows: parse -> extract (+ incremental, workspace) -> model -> rules
 * -> findings -> fixes.
 */
export { loadGrammar, type Grammar } from './parse/grammar.js';
export { parse, applyEdit, ParserFailure, type TextChange, type Tree } from './parse/parse.js';
export { LineIndex, type Position, type Range } from './parse/positions.js';
export { lintText, mayContainTasks, type LintOptions, type LintResult } from './lint.js';
export { runCrossTaskRules, ruleFailure, taskPythonVersion } from './run.js';
export { sameItems } from './knowledge/memo.js';
export type { ExtractState } from './extract/extract.js';
export { configured, isSelected, type LintConfig } from './config.js';
export { environmentSignature, externalInterpreter, type FileModel, type RequirementEntry, type SourceText, type Span, type TaskModel } from './model.js';
export { SEVERITIES, lazyFix, type Edit, type Finding, type Fix, type PinRequest, type RelatedInformation, type Severity } from './findings.js';
export { applyEdits, fixAllEdits } from './fixes/edits.js';
export { appendLinesEdit } from './fixes/add-requirement.js';
export { fileNoqaEdit, noqaEdit } from './suppression.js';
export type {
  CrossModuleResolver,
  EnvironmentFacts,
  EnvironmentLookup,
  EnvironmentProblem,
  ExternalFacts,
  IndexFacts,
  IndexFile,
  IndexLookup,
  InterpreterFacts,
  InterpreterLookup,
  ProbeFailure,
  ProbeResult,
  ReadFile,
  ReadResult,
  WorkspaceFileSystem,
} from './inputs.js';
export { WorkspaceIndex, type WorkspaceOptions } from './workspace/workspace-index.js';
export { SKIPPED_DIRECTORIES } from './workspace/dag-files.js';
export { isIgnored, parseAirflowIgnore, regexpRisk, type IgnoreSyntax } from './workspace/airflowignore.js';
export { compileGlob, matchGlob, type Glob } from './workspace/glob.js';
export { venvCreatorCommand, type AirflowVersion } from './knowledge/airflow.js';
export { describeTarget, isAirflowTarget, type AirflowTarget } from './knowledge/airflow-target.js';
export { latestProvider, parseRelease, venvCreation, type VenvCreation } from './knowledge/airflow-releases.js';
export { createKnowledge } from './knowledge/packaging.js';
export { fileAllowsPython, isPrerelease } from './knowledge/releases.js';
export { normalizeName } from './extract/requirement-lines.js';
export { RULES, RULES_BY_CODE, DOCS_URL, docsUrl, namesSomeRule } from './rules/index.js';
export { invalidConfiguration } from './rules/invalid-configuration.js';
export { crossTaskModel, finding, type CrossTaskInput, type CrossTaskMemory, type CrossTaskModel, type Rule } from './rules/rule.js';
export { forTransfer, revived } from './transfer.js';
