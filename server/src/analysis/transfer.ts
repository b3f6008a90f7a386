/**
 * Findings and models sent to another thread (structured clone) arrive as plain data: functions
 * cannot be sent, and class instances lose their prototype. `forTransfer` drops what cannot be sent
 * and the receiver does not need (a finding's pin request, which the sender already turned into
 * fixes) and builds each fix's edits here (a fix built on demand keeps them behind a getter, which
 * would not be sent); `revived` gives each SourceText's line index its methods back (the only class
 * in a model).
 */
import type { Finding } from './findings.js';
import { LineIndex } from './parse/positions.js';

export function forTransfer(findings: Finding[]): Finding[] {
  return findings.map((finding) => {
    const { pin: _pin, ...rest } = finding;
    void _pin;
    return { ...rest, fixes: finding.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, edits: fix.edits })) };
  });
}

export function revived<T>(value: T): T {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object' || seen.has(item)) continue;
    seen.add(item);
    if (item instanceof Map) {
      for (const [key, entry] of item) stack.push(key, entry);
      continue;
    }
    if (item instanceof Set) {
      for (const entry of item) stack.push(entry);
      continue;
    }
    const record = item as Record<string, unknown>;
    if (typeof record.text === 'string' && 'path' in record && record.lines !== null && typeof record.lines === 'object' && !(record.lines instanceof LineIndex)) {
      Object.setPrototypeOf(record.lines, LineIndex.prototype);
    }
    for (const entry of Object.values(record)) stack.push(entry);
  }
  return value;
}
