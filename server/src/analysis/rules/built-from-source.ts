import type { EnvironmentProblem } from '../inputs.js';
import type { Span, TaskModel } from '../model.js';
import type { Report, Rule } from './rule.js';

export const builtFromSource: Rule = {
  code: 'VENV214',
  name: 'built-from-source',
  severity: 'warning',
  summary: '(build) A requirement has no wheel and is built from source, or its build fails',
  docs: {
    what: 'After "Airflow: Build Task Environment" (or `airflow-venv-lint check-env`) resolved and installed the task\'s requirements: flags a requirement (or the requirement that pulls in a dependency) that pip can only install by building an sdist — a warning — and, as an error, one whose build failed, with the build\'s last words.',
    why: 'Airflow builds the venv on the worker when the task runs: an sdist with C code needs a compiler and headers there (worker images rarely have them), and every build makes every task start slower. A build that fails here fails there too.',
    example: '@task.virtualenv(requirements=["brokenbuild==1.0"])  # only an sdist, whose build needs gcc',
    useInstead: '@task.virtualenv(requirements=["brokenbuild==1.1"])  # a release with a wheel for the worker\'s Python',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    const facts = context.environment(task);
    if (!facts) return [];
    return facts.problems.filter((problem) => problem.kind === 'source-build' || problem.kind === 'build-failed').flatMap((problem): Report[] => problemSpans(task, problem).map((span) => ({
      span,
      severity: problem.kind === 'build-failed' ? 'error' : undefined,
      message: `${problem.message}. Built with ${facts.builtWith}.`,
    })));
  },
};

/** The requirement lines a problem names, else the `requirements=` value, else the task. */
function problemSpans(task: TaskModel, problem: EnvironmentProblem): Span[] {
  const entries = problem.entries.flatMap((index) => task.requirements?.entries[index]?.span ?? []);
  return entries.length > 0 ? entries : [task.requirements?.span ?? task.span];
}
