import type { Rule } from './rule.js';

/** Reported on `pyproject.toml` itself by the configuration loader (server/src/host/project-config.ts, from the option table in host/options.ts). */
export const invalidConfiguration: Rule = {
  code: 'VENV001',
  name: 'invalid-configuration',
  severity: 'error',
  summary: 'The `[tool.airflow-venv-lint]` configuration has an unknown key or a wrong value',
  docs: {
    what: 'Flags, in pyproject.toml, TOML that does not parse, keys of `[tool.airflow-venv-lint]` that do not exist, and values of the wrong type or out of range.',
    why: 'A misspelt key (`ignores = [...]`) would otherwise be silently ignored, and the linter would not do what the project believes it does.',
    example: '[tool.airflow-venv-lint]\nairflow-version = "2.9"\nignores = ["VENV401"]',
    useInstead: '[tool.airflow-venv-lint]\nairflow-version = "2"\nignore = ["VENV401"]',
    fixSafety: 'No automatic fix.',
  },
};
