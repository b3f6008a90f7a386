/**
 * Naming rules of the namespace families whose distributions are too many (or too new) for the
 * generated tables: a module under one of these prefixes names its distribution by rule. Every rule
 * is written with its exceptions, each cited. The rules only answer for modules the tables do not
 * know (packaging-tables.ts asks the tables first) and never name a namespace root.
 *
 * Pure: no I/O. `isRoot` tells which dotted names are namespace roots (from the tables).
 */

export interface RuleMatch {
  /** The dotted prefix of the module that the rule read (`google.cloud.dlp_v2`). */
  prefix: string;
  /** The distribution it names (PEP 503 normalised). */
  distribution: string;
  /** Which rule, for the evidence (`google.cloud.<service>`). */
  rule: string;
  /**
   * Names the same convention gives to deeper levels of the module (azure.ai.language.conversations
   * -> azure-ai-language-conversations when azure.ai.language is not known to be a namespace): a
   * requirement so named provides the module too. Never suggested: only `distribution` is.
   */
  deeper: string[];
  /**
   * Whether the rule names the module's distribution with certainty. A fixed-depth pattern
   * (google.cloud.<service>, airflow.providers.<id>, dbt.adapters.<x>) is certain at any depth; a
   * joined family (azure, opentelemetry, gcloud.aio) stops at the first level the tables do not know
   * as a namespace, so for a module deeper than that level the stop may be one level too early
   * (azure.health.deidentification is azure-health-deidentification, not azure-health): then the
   * distribution is only the rule's reading, never a suggestion.
   */
  certain: boolean;
}

/** What one family's rule reads from a module, before the deeper names and the certainty. */
type Reading = Omit<RuleMatch, 'deeper' | 'certain'>;

const snake = (part: string): string => part.toLowerCase().replace(/_/g, '-');

/**
 * `google.cloud.<service>[_v<N>…]` -> `google-cloud-<service>`. The version suffix of a generated
 * client (dlp_v2, speech_v1p1beta1, bigquery_storage_v1beta2, run_v2) names the same distribution.
 * Exceptions: the module is not the distribution's name with `-` written `_`. Sources: Apache
 * Airflow's Google provider (2.10.3: its generated/provider_dependencies.json lists the
 * distribution, its code imports the module) for os-login, dataproc-metastore, dataflow-client,
 * build, secret-manager, orchestration-airflow; googleapis/google-cloud-python
 * packages/<distribution>/google/cloud/<module>/ for the others.
 */
const GOOGLE_CLOUD_EXCEPTIONS: Record<string, string> = {
  secretmanager: 'google-cloud-secret-manager', // airflow google provider: secretmanager_v1
  oslogin: 'google-cloud-os-login', // airflow google provider: oslogin_v1
  osconfig: 'google-cloud-os-config',
  resourcemanager: 'google-cloud-resource-manager',
  metastore: 'google-cloud-dataproc-metastore', // airflow google provider: metastore_v1, metastore_v1beta
  dataflow: 'google-cloud-dataflow-client', // airflow google provider: dataflow_v1beta3
  iam: 'google-cloud-iam',
  'iam-credentials': 'google-cloud-iam',
  'iam-admin': 'google-cloud-iam',
  'spanner-admin-database': 'google-cloud-spanner',
  'spanner-admin-instance': 'google-cloud-spanner',
  'spanner-dbapi': 'google-cloud-spanner',
  'firestore-admin': 'google-cloud-firestore',
  'firestore-bundle': 'google-cloud-firestore',
  'bigtable-admin': 'google-cloud-bigtable',
  errorreporting: 'google-cloud-error-reporting',
  'monitoring-dashboard': 'google-cloud-monitoring-dashboards',
  dialogflowcx: 'google-cloud-dialogflow-cx',
  recaptchaenterprise: 'google-cloud-recaptcha-enterprise',
  orgpolicy: 'google-cloud-org-policy',
  servicedirectory: 'google-cloud-service-directory',
  servicecontrol: 'google-cloud-service-control',
  servicemanagement: 'google-cloud-service-management',
  phishingprotection: 'google-cloud-phishing-protection',
  privatecatalog: 'google-cloud-private-catalog',
  mediatranslation: 'google-cloud-media-translation',
  managedidentities: 'google-cloud-managed-identities',
  policytroubleshooter: 'google-cloud-policy-troubleshooter',
  resourcesettings: 'google-cloud-resource-settings',
  vpcaccess: 'google-cloud-vpc-access',
  dataqna: 'google-cloud-data-qna',
  gkehub: 'google-cloud-gke-hub',
  audit: 'google-cloud-audit-log',
};
/** Sub-namespaces of google.cloud whose next level names the service. */
const GOOGLE_CLOUD_NESTED: Record<string, (next: string) => string | undefined> = {
  // google.cloud.devtools.cloudbuild_v1 -> google-cloud-build (airflow google provider); containeranalysis_v1 -> google-cloud-containeranalysis
  devtools: (next) => (next === 'cloudbuild' ? 'google-cloud-build' : next === 'containeranalysis' ? 'google-cloud-containeranalysis' : undefined),
  // google.cloud.orchestration.airflow.service_v1 -> google-cloud-orchestration-airflow (airflow google provider)
  orchestration: (next) => (next === 'airflow' ? 'google-cloud-orchestration-airflow' : undefined),
  // google.cloud.workflows.executions_v1 ships in google-cloud-workflows (packages/google-cloud-workflows/google/cloud/workflows/executions_v1)
  workflows: () => 'google-cloud-workflows',
  // google.cloud.billing.budgets_v1 -> google-cloud-billing-budgets; google.cloud.billing_v1 is google-cloud-billing
  billing: (next) => (next === 'budgets' ? 'google-cloud-billing-budgets' : 'google-cloud-billing'),
  // google.cloud.video.transcoder_v1 -> google-cloud-video-transcoder (also live_stream, stitcher)
  video: (next) => `google-cloud-video-${next}`,
  // google.cloud.security.privateca_v1 -> google-cloud-private-ca
  security: (next) => (next === 'privateca' ? 'google-cloud-private-ca' : undefined),
};
const VERSION_SUFFIX = /_v\d+(?:p\d+)?(?:(?:alpha|beta)\d*)?$/;

function googleCloud(parts: string[]): Reading | undefined {
  const service = parts[2];
  if (!service || service.startsWith('_')) return undefined;
  const base = service.replace(VERSION_SUFFIX, '');
  const nested = GOOGLE_CLOUD_NESTED[base];
  if (nested && parts[3]) {
    const distribution = nested(parts[3].replace(VERSION_SUFFIX, ''));
    if (distribution) return { prefix: parts.slice(0, 4).join('.'), distribution, rule: 'google.cloud.<service>' };
  }
  if (nested && base === service && base !== 'workflows' && base !== 'billing') return undefined;
  const distribution = GOOGLE_CLOUD_EXCEPTIONS[snake(base)] ?? `google-cloud-${snake(base)}`;
  return { prefix: parts.slice(0, 3).join('.'), distribution, rule: 'google.cloud.<service>' };
}

/**
 * `airflow.providers.<a>[.<b>]` -> `apache-airflow-providers-<a>[-<b>]`: two parts where
 * `airflow.providers.<a>` is itself a namespace (apache, microsoft, common, cncf, atlassian, dbt: the
 * provider ids with a dot in Airflow's generated/provider_dependencies.json).
 */
function airflowProvider(parts: string[], isRoot: (name: string) => boolean): Reading | undefined {
  if (parts.length < 3 || parts[2]!.startsWith('_')) return undefined;
  const depth = isRoot(parts.slice(0, 3).join('.')) ? 4 : 3;
  if (parts.length < depth) return undefined;
  const id = parts.slice(2, depth).map(snake).join('-');
  return { prefix: parts.slice(0, depth).join('.'), distribution: `apache-airflow-providers-${id}`, rule: 'airflow.providers.<id>' };
}

/**
 * Families named by joining the parts down to the first level that is not a namespace root:
 * `azure.<a>[.<b>…]` -> `azure-<a>[-<b>…]` (azure.mgmt.storage -> azure-mgmt-storage,
 * azure.identity -> azure-identity; Azure/azure-sdk-for-python sdk/<service>/<distribution>/azure/),
 * `opentelemetry.<a>…` -> `opentelemetry-<a>…` (opentelemetry.instrumentation.flask ->
 * opentelemetry-instrumentation-flask, opentelemetry.exporter.otlp.proto.grpc ->
 * opentelemetry-exporter-otlp-proto-grpc; open-telemetry/opentelemetry-python(-contrib)),
 * `gcloud.aio.<x>` -> `gcloud-aio-<x>` (talkiq/gcloud-aio).
 * Exceptions: azure.storage.filedatalake -> azure-storage-file-datalake and azure.storage.fileshare
 * -> azure-storage-file-share (sdk/storage/); opentelemetry.propagators.<x> ->
 * opentelemetry-propagator-<x>, singular, and opentelemetry.propagators.aws ->
 * opentelemetry-propagator-aws-xray (opentelemetry-python-contrib propagator/).
 */
const JOINED_EXCEPTIONS: Record<string, string> = {
  'azure.storage.filedatalake': 'azure-storage-file-datalake',
  'azure.storage.fileshare': 'azure-storage-file-share',
  'opentelemetry.propagators.aws': 'opentelemetry-propagator-aws-xray',
};
function joined(family: string, parts: string[], isRoot: (name: string) => boolean, minDepth: number): Reading | undefined {
  let depth = minDepth;
  while (depth < parts.length && isRoot(parts.slice(0, depth).join('.'))) depth++;
  if (depth > parts.length || isRoot(parts.slice(0, depth).join('.'))) return undefined;
  const used = parts.slice(0, depth);
  if (used.some((part) => part.startsWith('_'))) return undefined;
  const prefix = used.join('.');
  let distribution = JOINED_EXCEPTIONS[prefix] ?? used.map(snake).join('-');
  if (family === 'opentelemetry' && used[1] === 'propagators') distribution = JOINED_EXCEPTIONS[prefix] ?? `opentelemetry-propagator-${used.slice(2).map(snake).join('-')}`;
  return { prefix, distribution, rule: `${family}.<…>` };
}

/**
 * `dbt.adapters.<x>` and `dbt.include.<x>` -> `dbt-<x>` (dbt-labs/dbt-adapters
 * dbt-postgres/src/dbt/adapters/postgres, dbt-postgres/src/dbt/include/postgres). Exceptions: the
 * base package's own modules (dbt-labs/dbt-adapters dbt-adapters/src/dbt/adapters/{base,sql,...},
 * dbt/include/global_project) belong to dbt-adapters.
 */
const DBT_ADAPTERS_OWN = new Set(['base', 'sql', 'contracts', 'events', 'exceptions', 'capability', 'protocol', 'record', 'cache', 'factory', 'reference_keys', 'relation_configs', 'catalogs', 'clients', 'utils', 'functions', 'global_project']);
function dbt(parts: string[]): Reading | undefined {
  if ((parts[1] !== 'adapters' && parts[1] !== 'include') || !parts[2] || parts[2].startsWith('_')) return undefined;
  const prefix = parts.slice(0, 3).join('.');
  if (DBT_ADAPTERS_OWN.has(parts[2])) return { prefix, distribution: 'dbt-adapters', rule: 'dbt.adapters.<adapter>' };
  return { prefix, distribution: `dbt-${snake(parts[2])}`, rule: 'dbt.adapters.<adapter>' };
}

/** The rule that names `module`'s distribution, if its family has one. */
export function ruleFor(module: string, isRoot: (name: string) => boolean): RuleMatch | undefined {
  const parts = module.split('.');
  if (parts.some((part) => part.length === 0)) return undefined;
  const match: Reading | undefined = (() => {
    if (parts[0] === 'google' && parts[1] === 'cloud') return googleCloud(parts);
    if (parts[0] === 'airflow' && parts[1] === 'providers') return airflowProvider(parts, isRoot);
    if (parts[0] === 'azure') return joined('azure', parts, isRoot, 2);
    if (parts[0] === 'opentelemetry') return joined('opentelemetry', parts, isRoot, 2);
    if (parts[0] === 'gcloud' && parts[1] === 'aio') return joined('gcloud', parts, isRoot, 3);
    if (parts[0] === 'dbt') return dbt(parts);
    return undefined;
  })();
  // Never a namespace root, never a name shorter than the family's own level.
  if (!match || isRoot(match.prefix)) return undefined;
  const depth = match.prefix.split('.').length;
  const deeper: string[] = [];
  for (let end = depth + 1; end <= parts.length; end++) {
    const used = parts.slice(0, end);
    if (used.some((part) => part.startsWith('_'))) break;
    if (parts[0] === 'google') deeper.push(`google-cloud-${used.slice(2).map((part) => snake(part.replace(VERSION_SUFFIX, ''))).join('-')}`);
    else if (parts[0] === 'airflow') deeper.push(`apache-airflow-providers-${used.slice(2).map(snake).join('-')}`);
    else if (parts[0] !== 'dbt') deeper.push(used.map(snake).join('-'));
  }
  const joinedFamily = parts[0] === 'azure' || parts[0] === 'opentelemetry' || parts[0] === 'gcloud';
  return { ...match, deeper, certain: !joinedFamily || depth === parts.length };
}

/** The families the rules cover, for documentation and tests. */
export const RULE_FAMILIES = ['google.cloud', 'airflow.providers', 'azure', 'opentelemetry', 'gcloud.aio', 'dbt.adapters', 'dbt.include'] as const;
