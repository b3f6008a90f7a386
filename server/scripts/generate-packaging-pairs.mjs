// Generates test/data/packaging-pairs.json: the regression set of (distribution, module) pairs
// that test/unit/packaging-pairs.test.ts checks the packaging tables against.
//
// Each pair is a fact from packaging-distributions.json with its evidence (the sources that say the
// distribution provides the module), chosen to cover the top of PyPI and the data / ML / cloud /
// Airflow families:
//   - every pair whose distribution is among the 15,000 most downloaded PyPI distributions (the rank
//     is read from a list of PyPI names with their download rank: PYPI_RANKS, a TSV with the columns
//     name and rank_among_15000_most_downloaded; the rank is written into each pair), and
//   - every pair whose distribution belongs to a family (FAMILIES below), ranked or not.
// Pairs that only the curated overlay gives are kept (marked heldOut: null): they check the accessor,
// not the sources. Every other pair names a `heldOut` source: the test removes that source from the
// tables and asks again, so the pair checks what the *other* sources and the naming rules know (a
// leave-one-source-out estimate of how the tables do on pairs they were not built from). The held-out
// source is the pair's most independent one: typeshed, then pyodide, then Debian, then Airflow.
//
// Re-run: node server/scripts/generate-packaging-pairs.mjs (after generate-packaging.mjs). Same
// inputs, same bytes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const TABLE = new URL('../src/analysis/knowledge/data/packaging-distributions.json', import.meta.url);
const OUTPUT = new URL('../../test/data/packaging-pairs.json', import.meta.url);
const RANKS = process.env.PYPI_RANKS ?? '/work/.library/env/packages/pypi.tsv';
const FAMILIES = /^(google-|googleapis-|grpc|protobuf$|proto-plus$|azure-|msal|boto|botocore$|s3transfer$|aiobotocore$|s3fs$|gcsfs$|adlfs$|apache-airflow|apache-beam$|dbt-|opentelemetry-|snowflake-|databricks-|pyspark$|delta|pandas|numpy$|scipy$|scikit-|sklearn|polars$|pyarrow$|dask|xgboost$|lightgbm$|catboost$|statsmodels$|matplotlib$|seaborn$|plotly$|torch|tensorflow|keras$|jax|transformers$|sqlalchemy|psycopg|pymysql$|mysqlclient$|pymongo$|redis$|kafka|confluent-kafka$|elasticsearch|requests|urllib3$|httpx$|aiohttp$|pydantic|fastapi$|flask|django$|celery$|kombu$|jinja2$|pyyaml$|python-dateutil$|pytz$|six$|attrs$|cryptography$|pyjwt$|paramiko$|fsspec$|openpyxl$|xlrd$|lxml$|beautifulsoup4$|pillow$|opencv-|great-expectations$|mlflow$|hvac$|slack-sdk$|gcloud-aio-)/;
const SOURCE_ORDER = ['t', 'p', 'd', 'a'];
const LABELS = { d: 'debian', h: 'dh-python', p: 'pyodide', t: 'typeshed', a: 'airflow', o: 'overlay' };
const normalize = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

if (!existsSync(RANKS)) {
  console.error(`No PyPI rank list at ${RANKS}: set PYPI_RANKS.`);
  process.exit(2);
}
const rank = new Map();
const lines = readFileSync(RANKS, 'utf8').split('\n');
const columns = lines[0].split('\t');
const nameColumn = columns.indexOf('name');
const rankColumn = columns.indexOf('rank_among_15000_most_downloaded');
for (const line of lines.slice(1)) {
  const fields = line.split('\t');
  const value = Number(fields[rankColumn]);
  if (fields[rankColumn] && Number.isFinite(value) && value > 0) rank.set(normalize(fields[nameColumn]), value);
}

const table = JSON.parse(readFileSync(TABLE, 'utf8'));
const pairs = [];
for (const [distribution, entry] of Object.entries(table.distributions)) {
  const ranked = rank.get(distribution);
  if (!ranked && !FAMILIES.test(distribution)) continue;
  for (const item of (entry.m ?? '').split(' ').filter(Boolean)) {
    const slash = item.lastIndexOf('/');
    const module = item.slice(0, slash);
    const letters = item.slice(slash + 1);
    if (module.split('.').some((part) => part.startsWith('_'))) continue; // private modules: nobody imports them by hand
    const heldOut = SOURCE_ORDER.find((letter) => letters.includes(letter)) ?? null;
    const pair = { distribution, module, evidence: [...letters].map((letter) => LABELS[letter]), heldOut: heldOut && LABELS[heldOut] };
    if (ranked) pair.pypiRank = ranked;
    pairs.push(pair);
  }
}
pairs.sort((a, b) => byCodePoint(a.distribution, b.distribution) || byCodePoint(a.module, b.module));
const count = (predicate) => pairs.filter(predicate).length;
writeFileSync(OUTPUT, `${JSON.stringify({
  generator: 'server/scripts/generate-packaging-pairs.mjs',
  description: 'Regression pairs (distribution provides module) with their evidence; heldOut: the source the test removes before asking (null: only the curated overlay says so). pypiRank: download rank among the 15,000 most downloaded PyPI distributions, when ranked.',
  tables: table.sources,
  counts: {
    pairs: pairs.length,
    ranked: count((pair) => pair.pypiRank),
    heldOut: Object.fromEntries(['typeshed', 'pyodide', 'debian', 'airflow'].map((label) => [label, count((pair) => pair.heldOut === label)])),
    overlayOnly: count((pair) => pair.heldOut === null),
  },
  pairs,
}, null, 0).replace(/\},\{"distribution"/g, '},\n{"distribution"')}\n`);
console.log(`${pairs.length} pairs`);
