/**
 * Requirements people list without importing them, and why (VENV208 stays silent on them):
 * engines, drivers and plugins another distribution loads by name, CLIs run by subprocess, and
 * what Airflow's venv script itself imports. Relations, not one flat allow-list: `pyarrow` is
 * exempt because pandas loads it (`read_parquet(engine=...)`), so only next to something that uses
 * pandas.
 *
 * Sources: SQLAlchemy's dialect list (docs/dialects/index.rst: the external dialects and the DBAPI
 * drivers each dialect names), pandas' optional dependencies (pyproject.toml
 * `[project.optional-dependencies]`: excel, parquet, sql-other, html, xml, hdf5, performance, fss,
 * aws, gcp), fsspec's known_implementations (fsspec/registry.py), transformers' back ends
 * (setup.py extras torch / tf / flax / sentencepiece / tokenizers / accelerate), dbt's adapters
 * (dbt-labs/dbt-adapters), papermill's kernels (papermill/engines.py needs a Jupyter kernel),
 * great-expectations' and Spark's connectors, and Airflow's virtualenv script (serializers).
 */

/** host distribution -> distributions it loads without the callable importing them (PEP 503 names; `prefix*`). */
const PLUGINS_OF: Record<string, string[]> = {
  sqlalchemy: [
    'psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'pg8000', 'asyncpg', 'pymysql', 'mysqlclient', 'mysql-connector-python', 'mariadb', 'aiomysql',
    'pyodbc', 'pymssql', 'cx-oracle', 'oracledb', 'snowflake-sqlalchemy', 'sqlalchemy-*', '*-sqlalchemy', 'redshift-connector', 'pybigquery', 'trino', 'pyhive',
    'duckdb-engine', 'databricks-sql-connector', 'databricks-sqlalchemy', 'pyathena', 'teradatasqlalchemy', 'ibm-db-sa', 'ibm-db', 'cockroachdb', 'clickhouse-connect',
    'sqlalchemy-utils', 'greenlet', 'aiosqlite', 'pysqlite3', 'pysqlite3-binary', 'impyla', 'vertica-python', 'firebolt-sdk', 'psycopg2cffi',
  ],
  pandas: [
    'pyarrow', 'fastparquet', 'openpyxl', 'xlrd', 'xlsxwriter', 'xlwt', 'odfpy', 'pyxlsb', 'calamine', 'python-calamine', 'lxml', 'html5lib', 'beautifulsoup4', 'tables',
    'numexpr', 'bottleneck', 'numba', 'tabulate', 'db-dtypes', 'fsspec', 's3fs', 'gcsfs', 'adlfs', 'pandas-gbq', 'sqlalchemy', 'scipy', 'matplotlib', 'jinja2',
    'zstandard', 'pyreadstat', 'pyarrow-hotfix', 'pandas-stubs', 'tzdata', 'pytz', 'xarray', 'qtpy', 'pyqt5', 'pandas-*',
  ],
  polars: ['pyarrow', 'fastexcel', 'xlsx2csv', 'openpyxl', 'xlsxwriter', 'connectorx', 'adbc-driver-*', 'deltalake', 'fsspec', 's3fs', 'gcsfs', 'adlfs', 'sqlalchemy', 'pandas'],
  duckdb: ['pyarrow', 'pandas', 'polars', 'fsspec', 's3fs', 'gcsfs'],
  fsspec: ['s3fs', 'gcsfs', 'adlfs', 'sshfs', 'paramiko', 'smbprotocol', 'requests', 'aiohttp', 'ocifs', 'ossfs', 'webdav4', 'dropboxdrivefs', 'huggingface-hub', 'pyarrow', 'lakefs-spec'],
  'smart-open': ['boto3', 'google-cloud-storage', 'azure-storage-blob', 'requests', 'paramiko', 'zstandard'],
  transformers: ['torch', 'tensorflow', 'tensorflow-cpu', 'flax', 'jax', 'jaxlib', 'sentencepiece', 'tokenizers', 'accelerate', 'protobuf', 'safetensors', 'tiktoken', 'bitsandbytes', 'torchvision', 'torchaudio', 'timm', 'pillow', 'scipy', 'sacremoses'],
  'sentence-transformers': ['torch', 'transformers', 'sentencepiece'],
  keras: ['tensorflow', 'tensorflow-cpu', 'torch', 'jax', 'jaxlib'],
  torch: ['torchvision', 'torchaudio', 'triton', 'nvidia-*'],
  'dbt-core': ['dbt-*', 'agate'],
  'dbt-adapters': ['dbt-*'],
  papermill: ['ipykernel', 'jupyter', 'jupyter-client', 'nbconvert', 'nbformat', 'notebook', 'jupyterlab', 'ipython', 'ipywidgets', 'papermill-*', 'boto3', 'azure-storage-blob', 'gcsfs'],
  nbconvert: ['ipykernel', 'jupyter-client', 'pandoc', 'playwright'],
  matplotlib: ['pyqt5', 'pillow', 'kaleido'],
  plotly: ['kaleido', 'pandas'],
  seaborn: ['matplotlib', 'pandas', 'scipy'],
  'scikit-learn': ['joblib', 'threadpoolctl', 'scipy'],
  joblib: ['scikit-learn', 'xgboost', 'lightgbm', 'catboost'],
  pickle: ['scikit-learn', 'xgboost', 'lightgbm', 'catboost'],
  mlflow: ['boto3', 'azure-storage-blob', 'google-cloud-storage', 'pysftp', 'scikit-learn', 'xgboost', 'lightgbm', 'torch', 'tensorflow', 'psycopg2-binary', 'pymysql'],
  requests: ['pysocks', 'requests-*', 'chardet', 'charset-normalizer', 'certifi', 'brotli', 'urllib3'],
  httpx: ['h2', 'brotli', 'socksio', 'httpx-*'],
  celery: ['redis', 'librabbitmq', 'amqp', 'kombu', 'sqlalchemy', 'boto3', 'pycurl'],
  kombu: ['redis', 'amqp', 'boto3', 'pycurl'],
  'great-expectations': ['sqlalchemy', 'pyarrow', 'pandas', 'pyspark', 'snowflake-sqlalchemy', 'sqlalchemy-bigquery', 'psycopg2-binary', 'boto3', 'gcsfs'],
  pyspark: ['pyarrow', 'pandas', 'delta-spark', 'py4j', 'grpcio', 'grpcio-status', 'googleapis-common-protos'],
  'delta-spark': ['pyspark'],
  boto3: ['s3transfer', 'botocore', 'awscrt', 'boto3-stubs', 'mypy-boto3-*'],
  'google-cloud-bigquery': ['db-dtypes', 'pyarrow', 'pandas', 'bigquery-magics', 'google-cloud-bigquery-storage', 'grpcio', 'tqdm', 'shapely', 'geopandas'],
  'pandas-gbq': ['db-dtypes', 'pyarrow', 'google-cloud-bigquery-storage', 'pydata-google-auth'],
  geopandas: ['shapely', 'pyproj', 'fiona', 'pyogrio', 'rtree', 'gdal', 'psycopg2-binary', 'geoalchemy2', 'mapclassify'],
  openai: ['tiktoken', 'numpy', 'pandas'],
  langchain: ['langchain-*', 'openai', 'tiktoken', 'faiss-cpu', 'chromadb', 'sentence-transformers'],
  'langchain-core': ['langchain-*'],
  'llama-index': ['llama-index-*'],
  pydantic: ['email-validator', 'pydantic-settings', 'pydantic-extra-types'],
  jinja2: ['markupsafe'],
  cryptography: ['cffi'],
  paramiko: ['pynacl', 'bcrypt', 'gssapi', 'invoke'],
  pymongo: ['dnspython', 'pymongocrypt', 'python-snappy', 'zstandard'],
  redis: ['hiredis'],
  elasticsearch: ['aiohttp', 'orjson', 'requests'],
  kafka: ['lz4', 'python-snappy', 'zstandard', 'crc32c'],
  'kafka-python': ['lz4', 'python-snappy', 'zstandard', 'crc32c'],
  'confluent-kafka': ['fastavro', 'avro', 'protobuf', 'jsonschema', 'requests', 'attrs', 'cachetools', 'httpx', 'authlib'],
  dask: ['distributed', 'pyarrow', 'bokeh', 's3fs', 'gcsfs', 'lz4', 'fsspec'],
  'apache-beam': ['google-cloud-*', 'pyarrow', 'grpcio'],
  'snowflake-connector-python': ['pyarrow', 'pandas', 'keyring', 'secure-local-storage'],
  'snowflake-snowpark-python': ['pyarrow', 'pandas', 'snowflake-connector-python', 'cloudpickle'],
  openpyxl: ['et-xmlfile'],
  pdfplumber: ['pypdfium2'],
  'pytesseract': ['pillow'],
  pyarrow: ['numpy', 'pandas', 'fsspec', 's3fs', 'gcsfs'],
  xgboost: ['scikit-learn', 'pandas', 'scipy'],
  lightgbm: ['scikit-learn', 'pandas', 'scipy'],
  catboost: ['scikit-learn', 'pandas', 'plotly'],
  'apache-airflow': ['apache-airflow-*'],
};

/**
 * Used without any import by the code itself: serializers Airflow's venv script imports (dill,
 * cloudpickle, with `serializer=`), CLIs a task runs by subprocess (dbt, great_expectations, the
 * AWS CLI, ...), kernels and build tooling, and data packages read by path.
 */
const USED_WITHOUT_IMPORT = new Set([
  'dill', 'cloudpickle', 'apache-airflow', 'pendulum', 'lazy-object-proxy',
  'setuptools', 'wheel', 'pip', 'uv', 'virtualenv', 'certifi', 'tzdata', 'pytz', 'typing-extensions', 'protobuf', 'grpcio', 'cryptography', 'charset-normalizer',
  'ipykernel', 'jupyter', 'notebook', 'nbconvert',
  'dbt-core', 'awscli', 'aws-cli', 'google-cloud-sdk', 'azure-cli', 'databricks-cli', 'great-expectations', 'soda-core', 'sqlfluff', 'meltano', 'singer-sdk',
  'kaggle', 'dvc', 'gdown', 'httpie', 'yt-dlp', 'ffmpeg-python', 'pandoc', 'playwright', 'chromedriver-autoinstaller', 'webdriver-manager',
  'psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'pymysql', 'mysqlclient', 'mysql-connector-python', 'pyodbc', 'cx-oracle', 'oracledb',
  'spacy-model', 'en-core-web-sm', 'en-core-web-md', 'en-core-web-lg', 'nltk-data',
]);

const matches = (pattern: string, name: string): boolean =>
  pattern.startsWith('*') ? name.endsWith(pattern.slice(1)) : pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;

/** Is `requirement` loaded by `host` without an import (an engine, driver, plugin or back end of it)? */
export function isPluginOf(host: string, requirement: string): boolean {
  return PLUGINS_OF[host]?.some((pattern) => matches(pattern, requirement)) ?? false;
}

/** Is `requirement` used without being imported, whatever the code does (CLIs, kernels, serializers, tooling)? */
export function isUsedWithoutImport(requirement: string): boolean {
  return USED_WITHOUT_IMPORT.has(requirement) || /-(sqlalchemy|cli)$|^(sqlalchemy|dbt|types|mypy-boto3|pytest)-/.test(requirement);
}
