/**
 * What the analysis keeps between keystrokes must not keep the keystrokes themselves: a report a
 * rule keeps for the next edit (VENV208's verdicts) once held, through its fix's closure, the rule
 * context of the edit it was made on, and with it that version's whole model and text (the bench's
 * leak check: +222 MB over 10,000 edits).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { applyEdit, lintText, type FileModel, type LintResult } from '../../server/src/analysis/index.js';
import { endSite, generateDag } from '../../bench/generate.js';
import { getGrammar } from '../support/lint.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

describe('what incremental analysis keeps', () => {
  it('a kept finding does not hold the model of the keystroke it was made on', async () => {
    const grammar = await getGrammar();
    let text = generateDag(300);
    const at = endSite(text);
    let result: LintResult = lintText(grammar, text, '/dags/kept.py');
    const kept = result.findings.find((finding) => finding.code === 'VENV208');
    assert.ok(kept, 'the generated DAG has an unused requirement');
    const first = new WeakRef<FileModel>(result.model!);
    for (let edit = 0; edit < 6; edit++) {
      const change = edit % 2 === 0 ? { start: at, oldEnd: at, newEnd: at + 1 } : { start: at, oldEnd: at + 1, newEnd: at };
      const next = edit % 2 === 0 ? `${text.slice(0, at)}x${text.slice(at)}` : text.slice(0, at) + text.slice(at + 1);
      applyEdit(result.tree!, text, next, change);
      const again = lintText(grammar, next, '/dags/kept.py', { previousTree: result.tree, previousState: result.state, change });
      result.tree!.delete();
      result = again;
      text = next;
    }
    // The scenario is the one that leaked: the finding was kept (the same object), not made again.
    assert.ok(result.findings.includes(kept));
    for (let round = 0; round < 3 && first.deref() !== undefined; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    result.tree?.delete();
    assert.equal(first.deref(), undefined, 'the first keystroke\'s model is still reachable');
  });
});
