/**
 * Rules over the tasks of a whole DAG folder (VENV211, VENV212): run by hosts
 * that see every DAG file (the CLI's directory run, the server's workspace
 * mode), never by single-file analysis. Selection, `# noqa` and severity
 * settings apply as for the other rules.
 */
import type { Finding } from './findings.js';
import { configured, isSelected, type LintConfig } from './config.js';
import { ruleFailure } from './lint.js';
import type { FileModel } from './model.js';
import { RULES } from './rules/index.js';
import { finding } from './rules/rule.js';

export function runCrossTaskRules(models: readonly FileModel[], config: LintConfig = {}): { findings: Finding[]; internalErrors: string[] } {
  const tasks = models.flatMap((model) => model.tasks);
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  for (const rule of RULES) {
    if (!rule.checkTasks || !isSelected(rule, config)) continue;
    try {
      for (const report of rule.checkTasks(tasks, { config })) findings.push(finding(rule, report));
    } catch (error) {
      internalErrors.push(ruleFailure(rule, error));
    }
  }
  return { findings: configured(findings, config), internalErrors };
}

