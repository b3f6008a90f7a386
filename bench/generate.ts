/** Deterministic generated DAG files of a given size (lines), for the benchmarks. */
export function generateDag(lines: number, seed = 1): string {
  let state = seed;
  const next = (limit: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % limit;
  };
  const header = [
    'from datetime import datetime',
    '',
    'import pandas as pd',
    'from airflow import DAG',
    'from airflow.operators.python import ExternalPythonOperator, PythonOperator, PythonVirtualenvOperator',
    '',
    'SHARED = ["requests==2.32.3", "PyYAML==6.0.2"]',
    '',
  ];
  const blocks: string[] = [];
  let count = header.length;
  for (let index = 0; count < lines; index++) {
    const kind = next(3);
    const block = kind === 0
      ? [
        `def transform_${index}(rows):`,
        '    import json',
        '    import requests',
        '    import yaml',
        `    data = [row * ${index} for row in rows]`,
        '    return json.dumps({"n": len(data), "cfg": yaml.safe_dump({})}), requests.__version__',
        '',
        `t_${index} = PythonVirtualenvOperator(`,
        `    task_id="transform_${index}",`,
        `    python_callable=transform_${index},`,
        '    requirements=[*SHARED, "numpy==2.0.0"],',
        '    python_version="3.11",',
        '    system_site_packages=False,',
        ')',
        '',
      ]
      : kind === 1
        ? [
          `def report_${index}():`,
          '    import platform',
          '    return platform.python_version()',
          '',
          `r_${index} = ExternalPythonOperator(task_id="report_${index}", python="/opt/venvs/etl/bin/python3.11", python_callable=report_${index})`,
          '',
        ]
        : plainTask(index);
    blocks.push(...block);
    count += block.length;
  }
  return [...header, ...blocks].join('\n');
}

/**
 * The TaskFlow style of the same size: every task a `@task.virtualenv` function inside one
 * `@dag` function, so that every edit is inside that function.
 */
export function generateTaskflowDag(lines: number): string {
  const out = [
    'import pendulum',
    'from airflow.decorators import dag, task',
    '',
    'SHARED = ["requests==2.32.3"]',
    '',
    '',
    '@dag(start_date=pendulum.datetime(2024, 1, 1), schedule=None)',
    'def pipeline():',
  ];
  for (let index = 0; out.length < lines - 2; index++) {
    out.push(
      '    @task.virtualenv(requirements=[*SHARED, "numpy==2.0.0"], python_version="3.11", system_site_packages=False)',
      `    def transform_${index}(rows):`,
      '        import json',
      '        import requests',
      `        return json.dumps([row * ${index} for row in rows]), requests.__version__`,
      '',
      `    t_${index} = transform_${index}([${index}])`,
      '',
    );
  }
  out.push('pipeline()', '');
  return out.join('\n');
}

/**
 * Where the benchmarks type: the minor-version digit of every
 * `python_version="3.11"` in a generated DAG (offsets of the "1" after "3."),
 * so that a one-character edit lands inside a task.
 */
export function editSites(text: string): number[] {
  const sites: number[] = [];
  const marker = 'python_version="3.1';
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) sites.push(at + marker.length);
  return sites;
}

/** The LSP position (line, UTF-16 character) of an offset; the generated DAGs are ASCII. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

/**
 * A DAG with the findings real DAGs have (issue 20): requirement lists copied from task to task
 * (VENV212 in a workspace folder), unpinned requirements (VENV201), imports no requirement provides
 * (VENV301), module-level names the callable reads (VENV302), next to clean tasks: about 95 tasks
 * and 100 findings per 1,000 lines, two thirds of them VENV212. Every task has a
 * `python_version="3.11"` (`editSites`), and the file ends with a comment line to type on (`endSite`).
 */
export function generateRichDag(lines: number, seed = 1): string {
  let state = seed;
  const next = (limit: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state >> 16) % limit;
  };
  const header = [
    'import pandas as pd',
    'from airflow.operators.python import PythonOperator, PythonVirtualenvOperator',
    '',
    'BUCKET = "s3://data"',
    'SHARED = ["requests==2.32.3", "PyYAML==6.0.2"]',
    '',
  ];
  const virtualenv = (name: string, requirements: string, body: string[]) => [
    `def ${name}(rows):`,
    ...body,
    '',
    `${name}_task = PythonVirtualenvOperator(`,
    `    task_id="${name}", python_callable=${name},`,
    `    requirements=${requirements},`,
    '    python_version="3.11", system_site_packages=False,',
    ')',
    '',
  ];
  const blocks: string[] = [];
  let count = header.length;
  for (let index = 0; count < lines - 2; index++) {
    const kind = next(10);
    const block = kind < 6
      // A copied list (VENV212).
      ? virtualenv(`extract_${index}`, '["requests==2.32.3", "numpy==2.0.0", "PyYAML==6.0.2"]', ['    import requests, yaml, numpy', `    return [requests.get(row) for row in rows[${index % 7}:]], yaml.safe_dump({}), numpy.zeros(1)`])
      : kind === 6
        // Another copied list, with an unpinned requirement (VENV212, VENV201).
        ? virtualenv(`score_${index}`, '["scikit-learn", "numpy==2.0.0"]', ['    import sklearn, numpy', `    return sklearn.__version__, numpy.ones(${index % 5 + 1})`])
        : kind === 7
          // An import no requirement provides (VENV301).
          ? virtualenv(`upload_${index}`, 'SHARED', ['    import requests, yaml', '    import boto3', `    return boto3.client("s3"), requests.get(rows[${index % 3}]), yaml.safe_dump({})`])
          : kind === 8
            // A module-level name read by the callable (VENV302).
            ? virtualenv(`load_${index}`, 'SHARED', ['    import requests, yaml', `    return requests.post(BUCKET, json=rows[${index % 7}:]), yaml.safe_dump({})`])
            : plainTask(index);
    blocks.push(...block);
    count += block.length;
  }
  return [...header, ...blocks, '# end of the DAG', ''].join('\n');
}

/** Where the bench types on the last line of a `generateRichDag` file: after its closing comment. */
export function endSite(text: string): number {
  return text.lastIndexOf('# end of the DAG') + '# end of the DAG'.length;
}

/**
 * Typing, as an LSP change: even edits type a digit at `at`, odd ones delete it again, so every
 * edit moves the rest of the document by one character (what the incremental analysis must
 * handle) and every second one restores the text.
 */
export function typingChange(text: string, at: number, edit: number) {
  const start = positionAt(text, at);
  return edit % 2 === 0
    ? { range: { start, end: start }, text: String(edit % 10) }
    : { range: { start, end: { line: start.line, character: start.character + 1 } }, text: '' };
}

/** A PythonOperator task with nothing for the linter to say (both generators mix them in). */
function plainTask(index: number): string[] {
  return [
    `def plain_${index}():`,
    `    frame = pd.DataFrame({"a": [${index}, ${index + 1}]})`,
    '    return int(frame["a"].sum())',
    '',
    `p_${index} = PythonOperator(task_id="plain_${index}", python_callable=plain_${index})`,
    '',
  ];
}
