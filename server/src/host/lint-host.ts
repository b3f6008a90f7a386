/**
 * What a host (the CLI, the language server, the tests) hands the analysis
 * besides the text: file reading, the constraints file, verify results.
 * One place, so that every front end lints the same way.
 */
import type { IndexLookup, InterpreterLookup, LintConfig, LintOptions } from '../analysis/index.js';
import { readTextFileCached } from './files.js';
import { constraintsFile } from '../versions/constraints.js';

export function hostOptions(config: LintConfig, interpreters?: InterpreterLookup, index?: IndexLookup): Omit<LintOptions, 'previousTree'> {
  const constraints = config.constraintsFile ? constraintsFile(config.constraintsFile) : undefined;
  return {
    config,
    readFile: readTextFileCached,
    ...(interpreters ? { interpreters } : {}),
    ...(index ? { index } : {}),
    ...(constraints ? { constraints: (name: string) => constraints.pinned(name) } : {}),
  };
}
