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
        : [
          `def plain_${index}():`,
          `    frame = pd.DataFrame({"a": [${index}, ${index + 1}]})`,
          '    return int(frame["a"].sum())',
          '',
          `p_${index} = PythonOperator(task_id="plain_${index}", python_callable=plain_${index})`,
          '',
        ];
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
