import type { Rule } from './rule.js';

/** Reported by lint.ts before parsing, when parse/budget.ts refuses the text. */
export const fileNotAnalysed: Rule = {
  code: 'VENV003',
  name: 'file-not-analysed',
  severity: 'warning',
  summary: 'The file is not analysed: it passes a limit of Python (or of the linter)',
  docs: {
    what: 'Flags a DAG file the linter refuses to parse: more than 99 levels of indentation or more than 200 nested brackets (limits of Python\'s own tokenizer), or more than 200,000 lines (the linter\'s budget, reported as info). Nothing else is reported for that file.',
    why: 'Python cannot import a file past its limits, so the DAG never loads; past them the parser the linter uses also breaks down (its scanner overflows, its queries slow to a crawl), which would cost every other file its diagnostics.',
    example: 'def a():\n    def b():\n        ...  # 100 levels deep',
    useInstead: 'Flatten the nesting (helper functions at module level), or split the generated file.',
    fixSafety: 'No automatic fix.',
  },
};
