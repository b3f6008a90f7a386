/** The packaging tables (knowledge/packaging-tables.ts): the problem cases of issue #18, firing and silent. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleFor } from '../../server/src/analysis/knowledge/naming-rules.js';
import { createPackagingTables, packagingTables as tables } from '../../server/src/analysis/knowledge/packaging-tables.js';

const root = join(import.meta.dirname, '..', '..');
const provided = (module: string, ...requirements: string[]): boolean => tables.isProvided(module, requirements).provided;
const providedDirectly = (module: string, ...requirements: string[]): boolean => tables.isProvided(module, requirements, { closure: false }).provided;

describe('packaging tables: what provides a module', () => {
  it('versioned Google Cloud clients belong to their service distribution', () => {
    assert.ok(provided('google.cloud.dlp_v2', 'google-cloud-dlp'));
    assert.ok(provided('google.cloud.dlp_v2.types', 'google-cloud-dlp'));
    assert.equal(tables.suggestDistribution('google.cloud.dlp_v2'), 'google-cloud-dlp');
    assert.equal(tables.providersOf('google.cloud.dlp_v2').kind, 'rule');
    assert.ok(!provided('google.cloud.dlp_v2', 'google-cloud-storage'));
    // The rule's exceptions (cited in naming-rules.ts).
    const exceptions: [string, string][] = [
      ['google.cloud.secretmanager_v1', 'google-cloud-secret-manager'],
      ['google.cloud.oslogin_v1', 'google-cloud-os-login'],
      ['google.cloud.resourcemanager_v3', 'google-cloud-resource-manager'],
      ['google.cloud.metastore_v1', 'google-cloud-dataproc-metastore'],
      ['google.cloud.dataflow_v1beta3', 'google-cloud-dataflow-client'],
      ['google.cloud.devtools.cloudbuild_v1', 'google-cloud-build'],
      ['google.cloud.iam_credentials_v1', 'google-cloud-iam'],
      ['google.cloud.orchestration.airflow.service_v1', 'google-cloud-orchestration-airflow'],
      ['google.cloud.spanner_admin_database_v1', 'google-cloud-spanner'],
      ['google.cloud.bigquery_storage_v1beta2', 'google-cloud-bigquery-storage'],
      ['google.cloud.speech_v1p1beta1', 'google-cloud-speech'],
    ];
    for (const [module, distribution] of exceptions) assert.equal(tables.suggestDistribution(module), distribution, module);
  });

  it('google.rpc / google.type / google.api / google.longrunning come from googleapis-common-protos', () => {
    for (const module of ['google.rpc.status_pb2', 'google.type.date_pb2', 'google.api.annotations_pb2', 'google.longrunning.operations_pb2']) {
      assert.ok(provided(module, 'googleapis-common-protos'), module);
      assert.equal(tables.suggestDistribution(module), 'googleapis-common-protos');
      assert.ok(!providedDirectly(module, 'google-cloud-dlp'), `${module} is not google-cloud-dlp's`);
    }
  });

  it('gridfs and bson come with pymongo (Debian split binaries, Source: pymongo)', () => {
    assert.ok(provided('gridfs', 'pymongo'));
    assert.ok(provided('bson', 'pymongo'));
    assert.equal(tables.suggestDistribution('gridfs'), 'pymongo');
    assert.ok(tables.providersOf('gridfs').evidence.pymongo!.includes('debian'));
    assert.ok(!provided('gridfs', 'gridfs'));
  });

  it('datahub comes from acryl-datahub', () => {
    assert.ok(provided('datahub.emitter.rest_emitter', 'acryl-datahub'));
    assert.equal(tables.suggestDistribution('datahub'), 'acryl-datahub');
    assert.ok(!provided('datahub', 'datahub'));
  });

  it("never suggests a stranger's bare top-level name", () => {
    for (const root of ['google', 'azure', 'snowflake', 'databricks', 'dbt', 'opentelemetry']) {
      assert.ok(tables.isNamespaceRoot(root), root);
      assert.equal(tables.suggestDistribution(root), undefined, root);
      assert.equal(tables.providersOf(`${root}.something_unheard_of`).kind === 'rule' || tables.suggestDistribution(`${root}.something_unheard_of`) === undefined, true);
    }
    const renamed: [string, string][] = [['tabula', 'tabula-py'], ['camelot', 'camelot-py'], ['ibis', 'ibis-framework'], ['delta', 'delta-spark'], ['impala', 'impyla'], ['janitor', 'pyjanitor'], ['proto', 'proto-plus']];
    for (const [module, distribution] of renamed) {
      assert.equal(tables.suggestDistribution(module), distribution, module);
      assert.ok(!provided(module, module), `${module} is not the PyPI ${module}`);
      assert.ok(provided(module, distribution));
    }
  });

  it('no loose matching: a namespace root, a sibling SDK or a speed-up wheel does not provide the module', () => {
    assert.ok(!provided('google.cloud.bigquery', 'google==3.0.0'.split('=')[0]!));
    assert.ok(!provided('google.cloud.bigquery', 'google', 'google-cloud'));
    assert.ok(provided('google.cloud.bigquery', 'google-cloud-bigquery'));
    assert.ok(!provided('databricks.sql', 'databricks-sdk'));
    assert.ok(provided('databricks.sql', 'databricks-sql-connector'));
    assert.ok(provided('databricks.sdk.service', 'databricks-sdk'));
    assert.ok(!provided('psycopg', 'psycopg-binary'));
    assert.ok(provided('psycopg', 'psycopg', 'psycopg-binary'));
    assert.ok(provided('psycopg2', 'psycopg2-binary'));
    assert.ok(!provided('google.foo', 'google'));
    assert.equal(tables.providersOf('google.foo').namespaceRoot, 'google');
  });

  it('the most specific name first', () => {
    const secrets = tables.providersOfImport('azure.keyvault', 'secrets');
    assert.equal(secrets.matched, 'azure.keyvault.secrets');
    assert.deepEqual(secrets.distributions, ['azure-keyvault-secrets']);
    assert.ok(!provided('azure.keyvault.secrets', 'azure-keyvault-keys'));
    assert.equal(tables.providersOf('azure.storage.blob.changefeed').distributions[0], 'azure-storage-blob-changefeed');
    assert.equal(tables.providersOf('azure.storage.blob.aio').distributions[0], 'azure-storage-blob');
    assert.equal(tables.suggestDistribution('azure.storage.filedatalake'), 'azure-storage-file-datalake');
    assert.equal(tables.suggestDistribution('azure.mgmt.datafactory.models'), 'azure-mgmt-datafactory');
    assert.equal(tables.providersOfImport('pandas', 'DataFrame').matched, 'pandas');
  });

  it('transitive imports: what a listed distribution installs', () => {
    const dateutil = tables.isProvided('dateutil', ['pandas']);
    assert.equal(dateutil.provided, true);
    assert.equal(dateutil.via, 'closure');
    assert.equal(tables.isProvided('numpy', ['scikit-learn']).via, 'closure');
    assert.equal(tables.isProvided('dateutil', ['pandas'], { closure: false }).provided, false);
    assert.ok(tables.installsClosure('pandas').includes('python-dateutil'));
    assert.ok(tables.dependenciesOf('pandas').includes('numpy'));
    assert.ok(!tables.installsClosure('requests').includes('pandas'));
  });

  it('Airflow: the distributions that count as Airflow, and what apache-airflow installs per line', () => {
    for (const name of ['apache-airflow', 'apache-airflow-core', 'apache-airflow-task-sdk', 'apache-airflow-providers-google', 'Apache_Airflow_Providers_CNCF_Kubernetes']) {
      assert.ok(tables.providesAirflow(name), name);
      assert.ok(provided('airflow.models', name), name);
    }
    assert.ok(!tables.providesAirflow('airflow'));
    assert.ok(!provided('airflow', 'airflow'));
    assert.equal(tables.suggestDistribution('airflow.operators.python'), 'apache-airflow');
    assert.equal(tables.suggestDistribution('airflow.providers.google.cloud.hooks.gcs'), 'apache-airflow-providers-google');
    assert.equal(tables.suggestDistribution('airflow.providers.cncf.kubernetes.operators.pod'), 'apache-airflow-providers-cncf-kubernetes');
    assert.equal(tables.suggestDistribution('airflow.providers.some_new.hooks'), 'apache-airflow-providers-some-new');
    assert.ok(!provided('airflow.providers.google.cloud', 'apache-airflow'));
    assert.deepEqual(tables.airflowLines().slice(0, 3), ['1.10', '2.0', '2.1']);
    for (const line of tables.airflowLines()) {
      const info = tables.airflowLine(line)!;
      assert.ok(info.direct.length > 10, line);
      assert.ok(info.closure.includes('requests') || line === '1.10', `${line} installs requests`);
      assert.match(info.commit, /^[0-9a-f]{40}$/);
    }
    assert.equal(tables.airflowLine('2.10.3')!.tag, '2.10.3');
    assert.ok(tables.airflowLine('2.10')!.preinstalledProviders.includes('apache-airflow-providers-common-sql'));
    assert.equal(tables.airflowLine('9.9'), undefined);
  });

  it('version ranges: pkg_resources is setuptools before 82', () => {
    const providers = tables.providersOf('pkg_resources.extern');
    assert.deepEqual(providers.distributions, ['setuptools']);
    assert.equal(providers.versions?.setuptools, '<82');
  });

  it('other families: opentelemetry, dbt adapters, gcloud-aio', () => {
    assert.equal(tables.suggestDistribution('opentelemetry.instrumentation.flask'), 'opentelemetry-instrumentation-flask');
    assert.equal(tables.suggestDistribution('opentelemetry.exporter.otlp.proto.grpc.trace_exporter'), 'opentelemetry-exporter-otlp-proto-grpc');
    assert.equal(tables.suggestDistribution('opentelemetry.trace'), 'opentelemetry-api');
    assert.equal(tables.suggestDistribution('opentelemetry.sdk.trace'), 'opentelemetry-sdk');
    assert.equal(tables.suggestDistribution('opentelemetry.propagators.b3'), 'opentelemetry-propagator-b3');
    assert.equal(tables.suggestDistribution('dbt.adapters.postgres'), 'dbt-postgres');
    assert.equal(tables.suggestDistribution('dbt.adapters.clickhouse'), 'dbt-clickhouse');
    assert.equal(tables.suggestDistribution('dbt.adapters.base'), 'dbt-adapters');
    assert.equal(tables.suggestDistribution('dbt.cli.main'), 'dbt-core');
    assert.equal(tables.suggestDistribution('gcloud.aio.storage'), 'gcloud-aio-storage');
    assert.ok(!provided('dbt.adapters.postgres', 'dbt-core'));
  });

  it('a joined family rule suggests nothing for a module deeper than the level it stops at', () => {
    // azure.<a>.<b>: the tables do not know whether azure.<a> is a namespace, so <b> may be a distribution of its own.
    const deeper = tables.providersOf('azure.fieldops.telemetry');
    assert.equal(deeper.kind, 'rule');
    assert.equal(deeper.ruleUncertain, true);
    assert.equal(tables.suggestDistribution('azure.fieldops.telemetry'), undefined);
    assert.ok(provided('azure.fieldops.telemetry', 'azure-fieldops-telemetry'));
    assert.ok(provided('azure.fieldops.telemetry', 'azure-fieldops'));
    assert.equal(tables.suggestDistribution('azure.fieldops'), 'azure-fieldops');
    assert.equal(tables.suggestDistribution('opentelemetry.instrumentation.acme_rpc.client'), undefined);
    assert.equal(tables.suggestDistribution('gcloud.aio.acme.sub'), undefined);
    // Fixed-depth patterns stay certain at any depth.
    assert.equal(tables.suggestDistribution('google.cloud.acme_v1.types'), 'google-cloud-acme');
    assert.equal(tables.suggestDistribution('airflow.providers.some_new.hooks.client'), 'apache-airflow-providers-some-new');
    assert.equal(tables.suggestDistribution('dbt.adapters.acme.impl'), 'dbt-acme');
  });

  it('unknown modules: no suggestion, and only a requirement named like the module provides them', () => {
    const providers = tables.providersOf('surely_not_a_real_module_xyz');
    assert.equal(providers.kind, 'unknown');
    assert.equal(tables.suggestDistribution('surely_not_a_real_module_xyz'), undefined);
    assert.equal(tables.isProvided('surely_not_a_real_module_xyz', ['surely-not-a-real-module-xyz']).via, 'name');
    assert.ok(provided('surely_not_a_real_module_xyz', 'python-surely-not-a-real-module-xyz'));
    assert.ok(!provided('surely_not_a_real_module_xyz', 'requests'));
    assert.equal(tables.provides('requests', 'surely_not_a_real_module_xyz'), 'unknown');
  });

  it('names: PEP 503 normalised, shown as the sources spell them', () => {
    assert.equal(tables.normalizeName('Flask_SQLAlchemy'), 'flask-sqlalchemy');
    assert.equal(tables.suggestDistribution('yaml'), 'PyYAML');
    assert.ok(provided('yaml', 'pyyaml'));
    assert.ok(tables.modulesOf('PyYAML').includes('yaml'));
    assert.ok(tables.modulesOf('pymongo').includes('gridfs'));
    assert.equal(tables.provides('PyYAML', 'yaml'), 'yes');
    assert.equal(tables.provides('requests', 'yaml'), 'no');
  });

  it('never proposes a namespace root, by table or by rule', () => {
    const raw = JSON.parse(readFileSync(join(root, 'server/src/analysis/knowledge/data/packaging-namespaces.json'), 'utf8')) as { roots: Record<string, string> };
    for (const name of Object.keys(raw.roots)) {
      assert.equal(tables.providersOf(name).kind, 'unknown', name);
      assert.equal(ruleFor(name, tables.isNamespaceRoot), undefined, name);
    }
  });

  it('a held-out source can be left out', () => {
    const withoutDebian = createPackagingTables({ excludeSources: ['d'] });
    assert.equal(withoutDebian.providersOf('bson').evidence.pymongo?.includes('debian') ?? false, false);
    assert.ok(withoutDebian.isProvided('gridfs', ['pymongo']).provided, 'pyodide says so too');
  });
});

describe('packaging tables: the tables themselves', () => {
  it('every table records its sources, pinned', () => {
    for (const file of ['packaging-distributions.json', 'packaging-namespaces.json', 'packaging-airflow.json']) {
      const table = JSON.parse(readFileSync(join(root, 'server/src/analysis/knowledge/data', file), 'utf8')) as { generator: string; sources: Record<string, string> };
      assert.equal(table.generator, 'server/scripts/generate-packaging.mjs');
      assert.ok(Object.keys(table.sources).length > 0, file);
    }
    const sources = JSON.parse(readFileSync(join(root, 'server/src/analysis/knowledge/data/packaging-distributions.json'), 'utf8')).sources as Record<string, string>;
    assert.match(sources.d!, /Debian 12\.15 "bookworm".*sha256:[0-9a-f]{64}/);
    assert.match(sources.p!, /pyodide@314\.0\.8/);
    assert.match(sources.t!, /pyright@1\.1\.414/);
    assert.match(sources.h!, /dh-python 5\.20230130\+deb12u1/);
  });

  it('every overlay entry names its source', () => {
    const overlay = JSON.parse(readFileSync(join(root, 'server/scripts/packaging-overlay.json'), 'utf8')) as {
      namespaceRoots: Record<string, string>;
      modules: { module: string; source: string }[];
      requires: { source: string }[];
    };
    for (const entry of [...overlay.modules, ...overlay.requires]) assert.ok(entry.source && entry.source.length > 10, JSON.stringify(entry));
    for (const [name, source] of Object.entries(overlay.namespaceRoots)) assert.ok(source.length > 10, name);
  });

  it('the generator is what the README documents', () => {
    const readme = readFileSync(join(root, 'server/scripts/README.md'), 'utf8');
    assert.match(readme, /generate-packaging\.mjs/);
    assert.match(readme, /generate-packaging-pairs\.mjs/);
    const result = spawnSync(process.execPath, ['--check', join(root, 'server/scripts/generate-packaging.mjs')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
});
