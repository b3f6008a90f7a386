/**
 * The regression pairs (test/data/packaging-pairs.json, 3,403 (distribution, module) pairs with the
 * source that says so) run through the rules end to end: generated DAG files, one virtualenv task
 * per pair, linted as the CLI lints a folder (lintText, no workspace), then the findings counted.
 *
 * 1. Listed: `requirements=["<distribution>"]` and `import <module>` -> VENV301 must not fire
 *    (the issue allows at most 1%), nor VENV306, nor VENV208 on the distribution.
 * 2. Not listed: `requirements=[]` -> VENV301 fires; its "Add" fix names a distribution that
 *    provides the module (none may be wrong; at least 95% have one).
 * 3. A dependency pinned beside what uses it (`requirements=["<distribution>", "<its dependency>"]`):
 *    VENV208 flags at most 5% of such legitimately unimported requirements.
 *
 * These run over every source, so they are not held-out figures: the held-out estimates per source
 * are in packaging-pairs.test.ts (tables level, what VENV301 asks).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintText, type Finding } from '../../server/src/analysis/index.js';
import { packagingTables } from '../../server/src/analysis/knowledge/packaging-tables.js';
import { getGrammar } from '../support/lint.js';

interface Pair {
  distribution: string;
  module: string;
  evidence: string[];
}
const pairs = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'data', 'packaging-pairs.json'), 'utf8')) as { pairs: Pair[] }).pairs;
const KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);
const importable = (module: string) => module.split('.').every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) && !KEYWORDS.has(part));
/** The pairs a DAG can import (dotted identifiers); airflow modules are VENV304's and the provider rules' business. */
const usable = pairs.filter((pair) => importable(pair.module) && pair.module !== 'airflow' && !pair.module.startsWith('airflow.') || pair.module.startsWith('airflow.providers.'));
const truth = new Map<string, Set<string>>();
for (const pair of pairs) {
  if (!truth.has(pair.module)) truth.set(pair.module, new Set());
  truth.get(pair.module)!.add(pair.distribution);
}

interface Case {
  requirements: string[];
  module: string;
}

/** Lints the cases in files of 250 tasks; returns the findings of each case (by task index). */
async function lintCases(cases: Case[]): Promise<Finding[][]> {
  const grammar = await getGrammar();
  const out: Finding[][] = cases.map(() => []);
  for (let first = 0; first < cases.length; first += 250) {
    const chunk = cases.slice(first, first + 250);
    const lines = ['from airflow.sdk import task', ''];
    const lineOf: number[] = [];
    chunk.forEach((item, index) => {
      lineOf.push(lines.length);
      const airflow = item.module.startsWith('airflow.providers.') ? ['"apache-airflow==2.10.3"'] : [];
      lines.push(`@task.virtualenv(requirements=[${[...airflow, ...item.requirements.map((name) => JSON.stringify(name))].join(', ')}], system_site_packages=False)`);
      lines.push(`def task_${index}():`, `    import ${item.module}`, `    return ${item.module.split('.')[0]}`, '');
    });
    const result = lintText(grammar, lines.join('\n'), `/pairs/dag_${first}.py`, { config: { select: ['VENV208', 'VENV301', 'VENV306'] } });
    assert.deepEqual(result.internalErrors, []);
    for (const finding of result.findings) {
      const line = finding.span.source.lines.positionAt(finding.span.start).line;
      let index = lineOf.findIndex((start) => start > line) - 1;
      if (index < 0) index = chunk.length - 1;
      out[first + index]!.push(finding);
    }
    result.tree?.delete();
  }
  return out;
}

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(whole, 1)).toFixed(2)}%`;

describe('regression pairs through the rules', () => {
  it('listed: VENV301 fires for at most 1% of correctly listed distributions; VENV306/VENV208 stay silent', async (t) => {
    const results = await lintCases(usable.map((pair) => ({ requirements: [pair.distribution], module: pair.module })));
    const wrong = (code: string) => usable.filter((_, index) => results[index]!.some((finding) => finding.code === code)).map((pair) => `${pair.distribution}:${pair.module}`);
    const fired = wrong('VENV301');
    t.diagnostic(`${usable.length} listed pairs: VENV301 ${fired.length} (${percent(fired.length, usable.length)}), VENV306 ${wrong('VENV306').length}, VENV208 ${wrong('VENV208').length}`);
    assert.ok(fired.length <= usable.length / 100, fired.slice(0, 20).join(' '));
    assert.deepEqual(wrong('VENV306'), []);
    assert.ok(wrong('VENV208').length <= usable.length / 100, wrong('VENV208').slice(0, 20).join(' '));
  });

  it('not listed: every fix names a distribution that provides the module, and 95% have one', async (t) => {
    const modules = [...new Set(usable.map((pair) => pair.module))];
    const results = await lintCases(modules.map((module) => ({ requirements: [], module })));
    let offered = 0;
    const wrongFixes: string[] = [];
    const silent: string[] = [];
    modules.forEach((module, index) => {
      const finding = results[index]!.find((item) => item.code === 'VENV301');
      if (!finding) return silent.push(module);
      for (const fix of finding.fixes) {
        const named = /^Add "([^"]+)"/.exec(fix.title)?.[1];
        if (!named) continue;
        offered++;
        const name = packagingTables.normalizeName(named);
        if (!truth.get(module)!.has(name) && packagingTables.provides(name, module) !== 'yes') wrongFixes.push(`${module} -> ${named}`);
      }
    });
    const judged = modules.length - silent.length;
    t.diagnostic(`${modules.length} modules, ${silent.length} silent (stdlib names, pre-installed providers); ${offered} fixes offered for ${judged} (${percent(offered, judged)}), ${wrongFixes.length} wrong`);
    assert.deepEqual(wrongFixes, []);
    assert.ok(offered >= judged * 0.95, `${offered} of ${judged}`);
  });

  it('a dependency pinned beside what uses it is not flagged by VENV208 (at most 5%)', async (t) => {
    const cases: (Case & { dependency: string })[] = [];
    for (const pair of usable) {
      const dependency = packagingTables.dependenciesOf(pair.distribution).find((name) => name !== pair.distribution && !name.startsWith('apache-airflow'));
      if (dependency && cases.length < 1500) cases.push({ requirements: [pair.distribution, dependency], module: pair.module, dependency });
    }
    const results = await lintCases(cases);
    const flagged = cases.filter((item, index) => results[index]!.some((finding) => finding.code === 'VENV208' && finding.message.includes(`"${item.dependency}"`)));
    t.diagnostic(`${cases.length} pinned dependencies: VENV208 flags ${flagged.length} (${percent(flagged.length, cases.length)})`);
    assert.ok(flagged.length <= cases.length * 0.05, flagged.slice(0, 20).map((item) => item.requirements.join('+')).join(' '));
  });
});
