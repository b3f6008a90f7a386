/**
 * A reused task keeps its findings: a model that survives an edit (extraction moved
 * its spans, task-reuse.ts) keeps the findings its rules made, when the rules see the
 * same configuration and Airflow version (`key`). The facts the hosts learn (verify
 * runs, online checks) change only with a full re-analysis, which makes new models.
 */
import type { Finding } from '../findings.js';
import type { SourceText, TaskModel } from '../model.js';
import type { TextChange } from '../parse/parse.js';
import { listSpans, shiftList, type SpanList } from './shift.js';

/** The edit the model's reused tasks were moved across. */
export interface Moved {
  change: TextChange;
  /** The edit added or removed a line: messages that say "line 12" after it are out of date. */
  linesMoved: boolean;
}

interface TaskFindings {
  key: string;
  findings: Finding[];
  internalErrors: string[];
  spans: SpanList | undefined;
}

const taskFindings = new WeakMap<TaskModel, TaskFindings>();

/**
 * The findings of a task its rules need not see again, moved across the edit in place;
 * undefined when they must run (a new model, another configuration, or a message that
 * names a line the edit moved).
 */
export function reusedFindings(task: TaskModel, key: string, source: SourceText, moved: Moved | undefined): { findings: Finding[]; internalErrors: string[] } | undefined {
  const cached = moved ? taskFindings.get(task) : undefined;
  const spans = cached && cached.key === key ? (cached.spans ??= ownSpans(task, cached.findings, source)) : undefined;
  if (!cached || !spans || (moved!.linesMoved && spans.last >= moved!.change.start)) return undefined;
  // The spans its findings share with the model moved with the task; these are their own.
  shiftList(spans, moved!.change);
  return cached;
}

/** What the rules said of a task, for the next analysis that reuses its model. */
export function rememberFindings(task: TaskModel, key: string, findings: Finding[], internalErrors: string[]): void {
  taskFindings.set(task, { key, findings, internalErrors, spans: undefined });
}

/**
 * The spans a task's findings do not share with its model (fix edits, inserted text): listed
 * when the findings are first reused, after extraction moved the model and before these move.
 */
function ownSpans(task: TaskModel, findings: Finding[], source: SourceText): SpanList {
  const model = listSpans(task, source);
  const own = listSpans(findings, source, new Set(model.spans));
  return { spans: own.spans, last: Math.max(own.last, model.last) };
}
