/**
 * The words of the toasts, as pure functions of a command's result (no `vscode` import, so that
 * the unit tests read them): counts in words, one sentence for what happened.
 */
import type { PinResult, VerifyInterpreterResult } from '../../server/src/lsp/protocol.js';

/** `count(0, 'requirement')` is "no requirement", then "1 requirement", "2 requirements". */
export function count(value: number, noun: string): string {
  return value === 0 ? `no ${noun}` : `${value} ${noun}${value === 1 ? '' : 's'}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

export interface Summary {
  level: 'info' | 'warning';
  message: string;
}

/** "Pinned 3 requirements from constraints/constraints-3.11.txt.", or what is left and why. */
export function pinSummary(result: PinResult, distribution?: string): Summary {
  const total = result.total ?? result.pinned + result.problems.length;
  const sources = Object.keys(result.sources ?? {});
  const from = sources.length > 0 ? ` from ${list(sources)}` : '';
  const firstProblem = result.problems[0]?.replace(/^[^:]+: /, '');
  if (result.addedUnpinned) return { level: 'warning', message: `could not look up ${result.addedUnpinned} (${firstProblem ?? 'no version found'}); added it without a version. Set a constraints file or an index to pin it.` };
  if (result.total === undefined && result.pinned === 0) return { level: 'warning', message: `${result.problems[0] ?? 'nothing was pinned'}.` };
  if (total === 0) return { level: 'info', message: 'no requirement here needs a pin.' };
  const left = total - result.pinned;
  if (left === 0) return { level: 'info', message: distribution ? `pinned ${distribution}${from}.` : `pinned ${count(result.pinned, 'requirement')}${from}.` };
  const names = result.problems.map((problem) => problem.split(':')[0]!);
  const why = firstProblem ? ` (${firstProblem})` : '';
  if (result.pinned === 0) return { level: 'warning', message: `could not pin ${list(names)}${why}.` };
  return { level: 'warning', message: `pinned ${count(result.pinned, 'requirement')}${from}; could not pin ${list(names)}${why}.` };
}

/** One sentence over the interpreters and the findings the run produced, so that it matches the squiggles. */
export function verifySummary(answer: VerifyInterpreterResult): Summary {
  const results = answer.results ?? [];
  const findings = answer.findings ?? [];
  const missing = results.filter((result) => !result.ok && result.failure === 'missing');
  const broken = results.filter((result) => !result.ok && result.failure !== 'missing');
  const working = results.length - missing.length - broken.length;
  const parts = [`${count(working, 'interpreter')} of ${results.length} ${working === 1 ? 'runs' : 'run'} here`];
  if (missing.length > 0) parts.push(`${list(missing.map((result) => result.command))} ${missing.length === 1 ? 'does' : 'do'} not exist on this machine (fine if ${missing.length === 1 ? 'it exists' : 'they exist'} only on the workers)`);
  if (broken.length > 0) parts.push(`${list(broken.map((result) => result.command))} cannot run the task`);
  const others = findings.filter((finding) => finding.code !== 'VENV107');
  if (others.length > 0) parts.push(`${count(others.length, 'problem')} found (${[...new Set(others.map((finding) => finding.code))].join(', ')}), see the Problems panel`);
  const level = broken.length > 0 || missing.length > 0 || others.length > 0 ? 'warning' : 'info';
  return { level, message: `${parts.join('; ')}.` };
}
