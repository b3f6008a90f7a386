/**
 * The plain requirement reader (server/src/analysis/extract/requirement-lines.ts) against
 * pip-requirements-js: on every line it accepts it must give the library's name, extras and
 * specifiers, since the library is then never asked.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type * as PipRequirements from 'pip-requirements-js';
import { plainRequirement } from '../../server/src/analysis/extract/requirement-lines.js';

const library = createRequire(import.meta.url)('pip-requirements-js') as typeof PipRequirements;

const NAMES = ['a', 'pandas', 'Foo_Bar', 'a.b-c_d', 'p--q', 'p_', '_p', 'x1', '9x', 'apache-airflow-providers-amazon', 'é'];
const EXTRAS = ['', '[a]', '[ a , b ]', '[]', '[a,]', '[a b]', ' [s3]', '[ s3]', '[s3', '[a.b-c]', '[_a]', '\t[a]'];
const SPECIFIERS = [
  '', '==1.0', ' >= 1.5 , < 2', '==1.0.*', '~=1.0', '===foo', '!=1.0', '<1', '>2', '==1!2.0+local', '==', '>=1.0<2', '==1 2',
  ' (>=1.0)', ';python_version>"3"', ' ; python_version < "3.11"', '==1.0 ', '\t==\t1', '==1,', '==1,,>=2', '=1', '>>1', '==a-b_c',
  ' @ https://example.com/p.whl', '==1.0 # note', '==1.0\u00a0', '>=2,<3,!=2.5.*', '== 1.0', '<=1', '>=1 ,<2 ', '~= 2.2',
];

type Read = { type: string; name: string; extras: string[]; specifiers: [string, string][] } | 'rejected';

/** What requirement-lines.ts takes from a result: its type, name, extras and specifiers. */
function read(parse: () => { type: string; name?: string; extras?: string[]; versionSpec?: { operator: string; version: string }[] } | null | undefined): Read | undefined {
  let result;
  try {
    result = parse();
  } catch (error) {
    if (error instanceof library.RequirementsSyntaxError) return 'rejected';
    throw error;
  }
  if (!result) return undefined;
  return { type: result.type, name: result.name ?? '', extras: result.extras ?? [], specifiers: (result.versionSpec ?? []).map(({ operator, version }) => [operator, version]) };
}

describe('plain requirement lines', () => {
  it('reads every line it accepts as pip-requirements-js does', () => {
    let accepted = 0;
    for (const name of NAMES) for (const extras of EXTRAS) for (const specifiers of SPECIFIERS) {
      const text = `${name}${extras}${specifiers}`;
      const mine = read(() => plainRequirement(text));
      if (mine === undefined) continue;
      accepted++;
      assert.deepEqual(mine, read(() => library.parsePipRequirementsLine(text)), JSON.stringify(text));
    }
    // The comparison above means something only if the plain reader takes many of the lines.
    assert.ok(accepted > 300, `only ${accepted} lines read as plain`);
  });

  it('takes the forms DAGs write', () => {
    for (const text of ['pandas', 'pandas==2.1.4', 'apache-airflow-providers-amazon[s3]>=8.0,<9', 'dbt-core ~= 1.7.0', 'numpy>=1.26 , <2', 'scikit_learn==1.4.*']) {
      assert.ok(plainRequirement(text), text);
    }
  });

  it('leaves markers, URLs, parentheses, === and anything unusual to the library', () => {
    for (const text of ['pkg; python_version < "3.11"', 'pkg @ https://example.com/pkg.whl', 'pkg (>=1.0)', 'pkg===1.0', 'pkg[]', 'pkg==1.0\u00a0', '-r other.txt', 'pkg==', '']) {
      assert.equal(plainRequirement(text), undefined, JSON.stringify(text));
    }
  });

  it('stays linear on long runs of blanks (each run is followed by something it cannot hold)', () => {
    // Three adjacent optional runs of blanks would backtrack cubically: this line would take hours.
    const started = performance.now();
    assert.equal(plainRequirement(`a${' '.repeat(20_000)}[${' '.repeat(20_000)}!`), undefined);
    assert.equal(plainRequirement(`a${' \t'.repeat(20_000)}==1${' '.repeat(20_000)},`), undefined);
    assert.ok(performance.now() - started < 2_000);
  });
});
