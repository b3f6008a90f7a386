/**
 * Messages people read (issue #21): every finding's message opens with one short sentence that says
 * what is wrong (at most 100 characters, ending with a full stop), and puts the consequence and the
 * fix in the sentences after it. A first sentence is the text up to the first `.`, `!` or `?` that
 * is followed by whitespace or ends the message; it must not end inside a parenthesis or a quote, nor
 * at an abbreviation (an "e.g." would cut it there).
 *
 * Every fixture is linted twice: as test/unit/fixtures.test.ts does (its folder's rule only) and
 * with every rule, so messages of rules a fixture only happens to trip are read too.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { findingsOf, fixturesIn, root } from '../support/fixtures.js';

const LIMIT = 100;

/** The message's first sentence: up to the first `.`, `!` or `?` followed by whitespace, or all of it. */
function firstSentence(message: string): string {
  const end = /[.!?](?=\s|$)/.exec(message);
  return end ? message.slice(0, end.index + 1) : message;
}

/** Why the first sentence is not a good one, or undefined. */
function faultOf(message: string): string | undefined {
  const sentence = firstSentence(message);
  if (sentence.length > LIMIT) return `first sentence is ${sentence.length} characters`;
  if (!sentence.endsWith('.')) return 'first sentence does not end with "."';
  if (/\b(e\.g|i\.e|etc|vs)\.$/.test(sentence)) return 'first sentence ends at an abbreviation';
  const opened = (sentence.match(/\(/g) ?? []).length - (sentence.match(/\)/g) ?? []).length;
  if (opened > 0) return 'first sentence ends inside a parenthesis';
  if ((sentence.match(/"/g) ?? []).length % 2 === 1) return 'first sentence ends inside a quote';
  return undefined;
}

test('every finding opens with one short sentence that says what is wrong', async () => {
  const directories = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (entry.name === 'dags' || /^VENV\d+$/.test(entry.name)))
    .map((entry) => entry.name)
    .sort();
  const offenders = new Map<string, string>();
  let messages = 0;
  for (const directory of directories) {
    for (const fixture of fixturesIn(directory)) {
      for (const allRules of [false, true]) {
        const { findings } = await findingsOf(fixture, new Map(), allRules);
        for (const finding of findings) {
          messages++;
          const fault = faultOf(finding.message);
          if (fault) offenders.set(`${finding.code} ${finding.message}`, `${fixture.name}: ${finding.code}: ${fault}: ${firstSentence(finding.message)}`);
        }
      }
    }
  }
  assert.ok(messages > 200, `only ${messages} messages were read`);
  const listing = [...new Set(offenders.values())].sort();
  assert.ok(listing.length === 0, `${listing.length} messages open with a sentence that is too long or cut short:\n${listing.join('\n')}`);
});
