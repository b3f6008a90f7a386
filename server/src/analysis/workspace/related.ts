/**
 * Findings that cross files: a task whose callable (or requirements constant)
 * lives in another workspace module gets its findings there, at the import or
 * the requirement, and each such finding links back to the task that runs it.
 */
import { basename } from 'node:path';
import type { Finding } from '../findings.js';
import type { TaskModel } from '../model.js';

/** Adds "the task that runs this" to a finding that lies in a file the task imported from. */
export function relateToTask(finding: Finding, task: TaskModel | undefined): Finding {
  const path = finding.span.source.path;
  if (!task || path === undefined || !task.dependencies.includes(path)) return finding;
  const where = task.span.source.path === undefined ? 'the DAG file' : basename(task.span.source.path);
  const line = task.span.source.lines.positionAt(task.span.start).line + 1;
  const related = { span: task.span, message: `the ${task.symbol} task that runs this (${where}:${line})` };
  return { ...finding, related: [...(finding.related ?? []), related] };
}
