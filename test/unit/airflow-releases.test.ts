/**
 * The per-release Airflow table: stage 2 regenerates it byte for byte, the facts it is built from
 * are well formed, and the accessor answers the boundary facts read from Airflow's source
 * (shared/research/airflow-audit.md, where the source agrees with it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildFromFiles, FACTS_FILE, TABLE_FILE } from '../../server/scripts/airflow-table.js';
import {
  argumentsPolicy, classParameters, compareReleases, decoratorAvailable, decoratorParameters, decoratorPositionalParameters,
  DECORATORS, firstProviderWith, firstReleaseWith, importPathAvailable, importPaths, operatorAvailable, OPERATORS,
  parametersOf, parseRelease, providerBehaviour, providerInstallsOn, providerReleases, providersFor, releases,
  releaseSource, releasesWith, requirementsTemplated, source, supportedPython, templateFieldsOf, venvCreation,
  type OperatorName, type Parameter,
} from '../../server/src/analysis/knowledge/airflow-releases.js';

const PVO: OperatorName = 'PythonVirtualenvOperator';
const EPO: OperatorName = 'ExternalPythonOperator';
const has = (operator: OperatorName, release: string, param: string, provider?: string) => parametersOf(operator, release, provider)?.has(param) ?? false;

describe('airflow-releases.json', () => {
  it('is what airflow-table.ts makes of the committed facts, byte for byte', () => {
    assert.equal(buildFromFiles(), readFileSync(TABLE_FILE, 'utf8'), 'stale: run node --import tsx server/scripts/airflow-table.ts');
  });

  it('rests on facts from pinned tags: commits, ranges and one fact per line', () => {
    const text = readFileSync(FACTS_FILE, 'utf8');
    const facts = JSON.parse(text) as { pins: { tag: string; version: string; commit: string }[]; facts: { kind: string; key: string; from: string; to: string }[] };
    const tags = facts.pins.map((pin) => pin.tag);
    assert.equal(new Set(tags).size, tags.length);
    for (const pin of facts.pins) assert.match(pin.commit, /^[0-9a-f]{40}$/, pin.tag);
    for (const fact of facts.facts) {
      assert.ok(tags.indexOf(fact.from) !== -1 && tags.indexOf(fact.from) <= tags.indexOf(fact.to), `${fact.kind}:${fact.key} ${fact.from}..${fact.to}`);
    }
    assert.equal(text.split('\n').filter((line) => line.startsWith('    {"kind"')).length, facts.facts.length);
    assert.deepEqual(releaseSource('1.10.15'), { tag: '1.10.15', commit: '5786dcdc392f7a2649f398353a0beebef01c428e' });
    assert.deepEqual(releaseSource('2.11.1'), { tag: '2.11.1_arenadata1', commit: '29f74ea9a88fe92ee70247e8c9f5be5200f29831' });
  });

  it('cites a tag and file, or a named source, for every segment', () => {
    const table = JSON.parse(readFileSync(TABLE_FILE, 'utf8')) as Record<string, unknown>;
    for (const section of ['classes', 'modules', 'decorators', 'decoratorCalls', 'python', 'venv', 'argumentPolicy', 'providerReleases', 'providerBehaviours']) {
      for (const segment of table[section] as { cite?: { tag?: string; file?: string; source?: string } }[]) {
        const cite = segment.cite;
        assert.ok(cite && ((cite.tag && cite.file) || (cite.source && source(cite.source))), `${section}: ${JSON.stringify(segment).slice(0, 120)}`);
      }
    }
  });
});

describe('releases', () => {
  it('covers 1.10.15, every 2.x release read, and the 3.0-3.3 lines, in order', () => {
    const all = releases();
    assert.equal(all[0], '1.10.15');
    assert.ok(all.includes('2.0.0') && all.includes('2.7.2') && all.includes('2.8.1') && all.includes('2.10.5') && all.includes('2.11.1'));
    assert.deepEqual(all.slice(-4), ['3.0', '3.1', '3.2', '3.3']);
    for (let index = 1; index < all.length; index++) assert.ok(compareReleases(all[index - 1]!, all[index]!) < 0);
  });

  it('parses what users write', () => {
    assert.equal(parseRelease('2.7'), '2.7.3');
    assert.equal(parseRelease('2.7.2'), '2.7.2');
    assert.equal(parseRelease('2.10.4'), '2.10.3'); // no 2.10.4 tag in the fork
    assert.equal(parseRelease('3.0.2'), '3.0');
    assert.equal(parseRelease('3'), '3.3');
    assert.equal(parseRelease('2'), '2.11.1');
    assert.equal(parseRelease('1.10'), '1.10.15');
    assert.equal(parseRelease('1.10.3'), '1.10.15');
    assert.equal(parseRelease('1.9'), undefined);
    assert.equal(parseRelease('3.4'), undefined);
    assert.equal(parseRelease('latest'), undefined);
  });
});

describe('operator parameters per release', () => {
  it('adds each virtualenv parameter where the source adds it', () => {
    assert.equal(firstReleaseWith('pip_install_options', PVO), '2.3.0');
    assert.equal(firstReleaseWith('expect_airflow', PVO), '2.4.0');
    assert.equal(firstReleaseWith('skip_on_exit_code', PVO), '2.6.0');
    assert.equal(firstReleaseWith('index_urls', PVO), '2.8.0');
    assert.equal(firstReleaseWith('venv_cache_path', PVO), '2.8.0');
    assert.equal(firstReleaseWith('serializer', PVO), '2.10.0');
    assert.equal(firstReleaseWith('env_vars', PVO), '2.10.0');
    assert.equal(firstReleaseWith('inherit_env', PVO), '2.10.0');
    assert.ok(!has(PVO, '2.9.3', 'serializer'));
    assert.ok(!has(PVO, '2.7.3', 'index_urls'));
  });

  it('never had use_airflow_context in a release of Airflow itself; only provider 0.0.1-0.0.3', () => {
    assert.deepEqual(releasesWith('use_airflow_context', PVO), []);
    assert.deepEqual(releasesWith('use_airflow_context', EPO), []);
    assert.ok(has(PVO, '2.10.3', 'use_airflow_context', '0.0.3'));
    assert.ok(!has(PVO, '2.10.3', 'use_airflow_context', '0.1.0'));
  });

  it('deprecates use_dill from 2.10.0 and drops it in provider 0.0.3 (so on 3.x)', () => {
    assert.equal(parametersOf(PVO, '2.9.3')?.get('use_dill')?.deprecated, undefined);
    assert.deepEqual(parametersOf(PVO, '2.10.0')?.get('use_dill')?.deprecated, { warning: 'RemovedInAirflow3Warning', when: 'set' });
    assert.ok(has(PVO, '2.11.1', 'use_dill'));
    assert.ok(has(PVO, '2.10.3', 'use_dill', '0.0.2'));
    assert.ok(!has(PVO, '2.10.3', 'use_dill', '0.0.3'));
    assert.ok(!has(PVO, '3.0', 'use_dill'));
  });

  it('warns on a non-str python_version from 2.7.2, and raises with the provider', () => {
    assert.equal(parametersOf(PVO, '2.7.1')?.get('python_version')?.deprecated, undefined);
    assert.deepEqual(parametersOf(PVO, '2.7.2')?.get('python_version')?.deprecated, { warning: 'RemovedInAirflow3Warning', when: 'non-str' });
    assert.deepEqual(parametersOf(PVO, '3.0')?.get('python_version')?.raises, { error: 'AirflowException', when: 'non-str' });
  });

  it('ties index_urls_from_connection_ids to provider 1.4.0, not to the Airflow major', () => {
    assert.equal(firstProviderWith('index_urls_from_connection_ids', PVO), '1.4.0');
    assert.ok(!has(PVO, '2.11.1', 'index_urls_from_connection_ids'));
    assert.ok(has(PVO, '2.10.3', 'index_urls_from_connection_ids', '1.4.0'));
    assert.ok(!has(PVO, '3.0', 'index_urls_from_connection_ids', '1.3.0'));
    assert.ok(has(PVO, '3.0', 'index_urls_from_connection_ids'));
    assert.ok(!has(EPO, '3.0', 'index_urls_from_connection_ids'));
  });

  it('gives ExternalPythonOperator expect_pendulum, which the virtualenv operator lacks', () => {
    assert.equal(firstReleaseWith('expect_pendulum', EPO), '2.4.0');
    assert.equal(parametersOf(EPO, '2.4.0')?.get('expect_pendulum')?.default, 'False');
    assert.ok(has(EPO, '3.3', 'expect_pendulum'));
    assert.deepEqual(releasesWith('expect_pendulum', PVO), []);
    assert.equal(parametersOf(EPO, '2.4.0')?.get('python')?.default, null);
  });

  it('accepts provide_context on 1.10 and (deprecated, from **kwargs) on 2.x; on 3 it reaches BaseOperator: TypeError', () => {
    assert.equal(parametersOf(PVO, '1.10.15')?.get('provide_context')?.default, 'False');
    const two = parametersOf(PVO, '2.0.0')?.get('provide_context');
    assert.ok(two?.viaKwargs);
    assert.equal(two?.deprecated?.warning, 'DeprecationWarning');
    assert.equal(parametersOf(PVO, '2.11.1')?.get('provide_context')?.deprecated?.warning, 'RemovedInAirflow3Warning');
    assert.ok(!has(PVO, '3.0', 'provide_context'));
    assert.ok(!has(PVO, '2.10.3', 'provide_context', '1.4.0'));
    assert.equal(argumentsPolicy('3.0')?.unknownKeyword, 'TypeError');
  });

  it("includes BaseOperator's parameters of the release, so a typo is not a real argument", () => {
    for (const release of ['1.10.15', '2.0.0', '2.9.0', '3.0']) {
      const params: ReadonlyMap<string, Parameter> = parametersOf(PVO, release)!;
      assert.equal(params.get('task_id')?.owner, 'BaseOperator', release);
      assert.ok(params.has('retries') && params.has('pool') && !params.has('retrys'), release);
    }
    assert.ok(!has(PVO, '2.8.4', 'multiple_outputs'));
    assert.ok(has(PVO, '2.9.0', 'multiple_outputs'));
    assert.ok(has(PVO, '1.10.15', 'schedule_interval') && !has(PVO, '2.0.0', 'schedule_interval'));
    assert.equal(parametersOf(PVO, '2.11.1')?.get('requirements')?.owner, 'PythonVirtualenvOperator');
    assert.equal(parametersOf(PVO, '2.11.1')?.get('show_return_value_in_logs')?.owner, 'PythonOperator');
  });

  it('defaults system_site_packages to True everywhere', () => {
    for (const release of releases()) assert.equal(parametersOf(PVO, release)?.get('system_site_packages')?.default, 'True', release);
    for (const provider of providerReleases()) assert.equal(parametersOf(PVO, '3.3', provider)?.get('system_site_packages')?.default, 'True', provider);
  });

  it('knows no python_bin argument in any release', () => {
    for (const operator of OPERATORS) assert.deepEqual(releasesWith('python_bin', operator), []);
  });

  it('makes branch operators inherit their base operator', () => {
    assert.deepEqual([...parametersOf('BranchPythonVirtualenvOperator', '2.8.0')!.keys()], [...parametersOf(PVO, '2.8.0')!.keys()]);
    assert.ok(parametersOf('BranchExternalPythonOperator', '3.1')!.has('python'));
    assert.ok(classParameters('BaseBranchOperator', '3.1', '1.2.0')?.has('task_id'));
  });
});

describe('classes, modules and decorators per release', () => {
  it('introduces the operator classes where the source does', () => {
    const first = (operator: OperatorName) => releases().find((release) => operatorAvailable(operator, release));
    assert.equal(first(PVO), '1.10.15');
    assert.equal(first(EPO), '2.4.0');
    assert.equal(first('BranchExternalPythonOperator'), '2.7.0');
    assert.equal(first('BranchPythonVirtualenvOperator'), '2.8.0');
    assert.ok(!operatorAvailable(EPO, '2.3.4'));
    assert.ok(!operatorAvailable('BranchExternalPythonOperator', '2.6.3'));
    assert.ok(!operatorAvailable(EPO, '1.10.15', 'airflow.operators.python_operator'));
  });

  it('keeps airflow.operators.python_operator as a shim through 2.x, and drops it in 3', () => {
    assert.equal(importPathAvailable('airflow.operators.python_operator', '1.10.15'), 'module');
    assert.equal(importPathAvailable('airflow.operators.python_operator', '2.0.0'), 'shim');
    assert.equal(importPathAvailable('airflow.operators.python_operator', '2.3.4'), 'shim');
    assert.equal(importPathAvailable('airflow.operators.python_operator', '2.4.0'), 'deprecated-class-map');
    assert.equal(importPathAvailable('airflow.operators.python_operator', '2.11.1'), 'deprecated-class-map');
    assert.equal(importPathAvailable('airflow.operators.python_operator', '3.0'), 'missing');
    assert.ok(operatorAvailable(PVO, '2.11.1', 'airflow.operators.python_operator'));
    assert.ok(!operatorAvailable(EPO, '2.11.1', 'airflow.operators.python_operator'));
  });

  it('has airflow.operators.python from 2.0 (a deprecated map to the provider on 3), airflow.sdk only on 3', () => {
    assert.equal(importPathAvailable('airflow.operators.python', '1.10.15'), 'missing');
    assert.equal(importPathAvailable('airflow.operators.python', '2.0.0'), 'module');
    assert.equal(importPathAvailable('airflow.operators.python', '3.0'), 'deprecated-class-map');
    assert.equal(importPathAvailable('airflow.sdk', '2.11.1'), 'missing');
    assert.equal(importPathAvailable('airflow.sdk', '3.0'), 'module');
    assert.equal(importPathAvailable('airflow.decorators', '2.0.0'), 'module');
    assert.deepEqual(importPaths(PVO, '3.1').map((path) => path.module), ['airflow.operators.python', 'airflow.providers.standard.operators.python']);
  });

  it('installs the standard provider on 2.9+ (0.0.3), 2.10+ (1.2.0), 2.11+ (1.10.0) and every 3.x line', () => {
    assert.ok(!providerInstallsOn('0.0.3', '2.8.4'));
    assert.ok(providerInstallsOn('0.0.3', '2.9.0'));
    assert.ok(!providerInstallsOn('1.2.0', '2.9.3'));
    assert.ok(providerInstallsOn('1.2.0', '2.10.0'));
    assert.ok(!providerInstallsOn('1.10.0', '2.10.5'));
    assert.ok(providerInstallsOn('1.10.0', '2.11.0'));
    assert.equal(providersFor('2.7.3').length, 0);
    assert.equal(importPathAvailable('airflow.providers.standard.operators.python', '2.7.3'), 'missing');
    assert.equal(importPathAvailable('airflow.providers.standard.operators.python', '2.10.3'), 'module');
    assert.ok(providerInstallsOn('0.0.1', '3.0'));
  });

  it('introduces the decorators where the source does', () => {
    const first = (name: (typeof DECORATORS)[number]) => releases().find((release) => decoratorAvailable(name, release));
    assert.equal(first('virtualenv'), '2.1.0');
    assert.equal(first('external_python'), '2.4.0');
    assert.equal(first('branch_virtualenv'), '2.8.0');
    assert.equal(first('branch_external_python'), '2.8.0');
    assert.ok(!decoratorAvailable('virtualenv', '2.0.2')); // airflow.decorators.task is a plain function there
    for (const name of DECORATORS) assert.ok(decoratorAvailable(name, '3.0') && !decoratorAvailable(name, '3.0', '0.2.0'), name);
  });

  it('passes operator parameters through the decorators, less those the decorator sets', () => {
    const params = decoratorParameters('virtualenv', '2.10.3')!;
    assert.ok(params.has('requirements') && params.has('multiple_outputs') && params.has('task_id'));
    assert.ok(!params.has('python_callable') && !params.has('op_args') && !params.has('op_kwargs'));
    assert.ok(decoratorParameters('external_python', '3.1')!.has('expect_pendulum'));
    assert.deepEqual(decoratorPositionalParameters('external_python', '2.4.0'), ['python', 'python_callable', 'multiple_outputs']);
  });

  it('makes requirements a template field: operator 2.3.0+, decorator 2.8.1+, always with the provider', () => {
    assert.ok(!requirementsTemplated('operator', '2.2.5'));
    assert.ok(requirementsTemplated('operator', '2.3.0'));
    assert.ok(!requirementsTemplated('decorator', '2.3.0'));
    assert.ok(!requirementsTemplated('decorator', '2.8.0'));
    assert.ok(requirementsTemplated('decorator', '2.8.1'));
    assert.ok(requirementsTemplated('operator', '3.0') && requirementsTemplated('decorator', '3.0'));
    assert.ok(requirementsTemplated('operator', '2.10.3', '1.2.0'));
    assert.deepEqual(templateFieldsOf('_PythonVirtualenvDecoratedOperator', '2.7.3'), ['op_args', 'op_kwargs', 'templates_dict']);
  });

  it('keeps the 2.4.0-2.4.2 ExternalPythonOperator template field typo (python_path), fixed in 2.4.3', () => {
    assert.ok(templateFieldsOf(EPO, '2.4.2')!.includes('python_path'));
    assert.ok(templateFieldsOf(EPO, '2.4.3')!.includes('python') && !templateFieldsOf(EPO, '2.4.3')!.includes('python_path'));
  });
});

describe('venv creation, arguments, Python versions', () => {
  it('creates the venv as each release does', () => {
    assert.equal(venvCreation('1.10.15')?.creator, 'virtualenv');
    assert.equal(venvCreation('2.1.4')?.creator, 'virtualenv');
    assert.equal(venvCreation('2.2.0')?.creator, 'sys.executable -m virtualenv');
    assert.equal(venvCreation('2.7.3')?.pythonWithoutVersion, null);
    assert.equal(venvCreation('2.8.0')?.pythonWithoutVersion, 'python');
    assert.equal(venvCreation('2.8.0')?.pythonWithVersion, 'python{python_version}');
    assert.deepEqual(venvCreation('2.1.4')?.needsVirtualenv, []);
    assert.deepEqual(venvCreation('2.2.0')?.needsVirtualenv, ['which:virtualenv']);
    assert.deepEqual(venvCreation('2.7.0')?.needsVirtualenv, ['find_spec:virtualenv', 'which:virtualenv']);
    assert.equal(venvCreation('3.0')?.creator, 'venv');
    assert.equal(venvCreation('3.0')?.alternative?.creator, 'uv');
    assert.equal(venvCreation('2.10.3', '1.4.0')?.creator, 'venv');
  });

  it('refuses positional operator arguments in every release', () => {
    for (const release of ['1.10.15', '2.0.0', '2.3.0', '2.11.1']) assert.equal(argumentsPolicy(release)?.positional, 'AirflowException', release);
    assert.equal(argumentsPolicy('3.2')?.positional, 'TypeError');
    assert.equal(argumentsPolicy('1.10.15')?.unknownKeyword, 'PendingDeprecationWarning');
    assert.equal(argumentsPolicy('1.10.15')?.unknownKeywordRaises, false);
    assert.equal(argumentsPolicy('2.5.0')?.unknownKeyword, 'AirflowException');
    assert.equal(argumentsPolicy('2.5.0')?.optOut, '[operators] allow_illegal_arguments');
  });

  it('lists the supported Python versions per release', () => {
    assert.ok(supportedPython('1.10.15')!.versions.includes('2.7'));
    assert.deepEqual(supportedPython('2.0.0')!.versions, ['3.6', '3.7', '3.8']);
    assert.ok(!supportedPython('2.6.1')!.versions.includes('3.11'));
    assert.ok(supportedPython('2.6.2')!.versions.includes('3.11'));
    assert.deepEqual(supportedPython('2.9.0')!.versions, ['3.8', '3.9', '3.10', '3.11', '3.12']);
    assert.deepEqual(supportedPython('2.11.0')!.versions, ['3.9', '3.10', '3.11', '3.12']);
    assert.deepEqual(supportedPython('2.11.1')!.versions, ['3.10', '3.11', '3.12']);
    assert.deepEqual(supportedPython('3.0')!.versions, ['3.9', '3.10', '3.11', '3.12']);
    assert.deepEqual(supportedPython('3.1')!.versions, ['3.10', '3.11', '3.12', '3.13']);
    assert.equal(supportedPython('3.2'), undefined); // no source read for the 3.2 line
    assert.ok(supportedPython('3.3')!.versions.includes('3.14'));
  });

  it('dates provider behaviours', () => {
    assert.equal(providerBehaviour('requirementLinesParsed', '1.1.0'), undefined);
    assert.equal(providerBehaviour('requirementLinesParsed', '1.2.0')?.since, '1.2.0');
    assert.equal(providerBehaviour('cacheKeyVariable', '1.13.1')?.value, 'python_virtualenv_operator_cache_key');
  });
});
