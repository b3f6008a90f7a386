/** Which interpreters a DAG file's tasks use: what Verify Interpreter offers to probe. */
import { externalInterpreter, venvCreatorCommand, type FileModel } from '../analysis/index.js';

export interface InterpreterTarget {
  /** As the DAG (or the settings) write it: `/opt/venvs/etl/bin/python3.11`, `python3.9`. */
  command: string;
  /** Why it matters: the task that uses it. */
  purpose: string;
}

/** The interpreters a file's tasks use, each once, in order. */
export function interpreterTargets(model: FileModel | undefined, extra: readonly string[] = []): InterpreterTarget[] {
  const targets = new Map<string, InterpreterTarget>();
  for (const task of model?.tasks ?? []) {
    const line = task.span.source.lines.positionAt(task.span.start).line + 1;
    if (task.kind === 'external-python') {
      const target = externalInterpreter(task);
      if (target && !targets.has(target.command)) targets.set(target.command, { command: target.command, purpose: `${task.symbol} on line ${line} runs in it` });
    } else {
      const value = task.arguments.get('python_version')?.value;
      if (value && value.kind !== 'string') continue;
      const command = venvCreatorCommand(value?.value.trim());
      if (!targets.has(command)) targets.set(command, { command, purpose: `${task.symbol} on line ${line} creates its venv with it` });
    }
  }
  for (const command of extra) if (!targets.has(command)) targets.set(command, { command, purpose: 'configured in airflowVenvLint.interpreters' });
  return [...targets.values()];
}
