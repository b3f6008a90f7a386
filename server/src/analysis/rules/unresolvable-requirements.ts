import type { EnvironmentProblem } from '../inputs.js';
import type { Span, TaskModel } from '../model.js';
import type { Report, Rule } from './rule.js';

export const unresolvableRequirements: Rule = {
  code: 'VENV213',
  name: 'unresolvable-requirements',
  severity: 'error',
  summary: '(build) pip cannot resolve the requirements: a conflict, a version that does not exist, or one that needs another Python',
  docs: {
    what: 'After "Airflow: Build Task Environment" (or `airflow-venv-lint check-env`) asked pip to resolve the task\'s requirements in a venv built as Airflow builds it (`pip install --dry-run --report`): flags the requirement lines pip names when it cannot resolve them — requirements no version satisfies together (ResolutionImpossible), a version the index does not have, or one whose `Requires-Python` excludes the venv\'s Python. The message is pip\'s own.',
    why: 'Airflow runs the same pip on the worker when the task starts, so the task fails before any of its code runs, on every try.',
    example: '@task.virtualenv(requirements=["alpha==1.0", "beta==2.0"])  # alpha 1.0 depends on beta==1.0',
    useInstead: '@task.virtualenv(requirements=["alpha==1.0", "beta==1.0"])',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    const facts = context.environment(task);
    if (!facts) return [];
    return facts.problems.filter((problem) => problem.kind === 'unresolvable').flatMap((problem): Report[] => problemSpans(task, problem).map((span) => ({
      span,
      message: `${problem.message}. Built with ${facts.builtWith}; pip fails the same way on the worker.`,
    })));
  },
};

/** The requirement lines a problem names, else the `requirements=` value, else the task. */
function problemSpans(task: TaskModel, problem: EnvironmentProblem): Span[] {
  const entries = problem.entries.flatMap((index) => task.requirements?.entries[index]?.span ?? []);
  return entries.length > 0 ? entries : [task.requirements?.span ?? task.span];
}
