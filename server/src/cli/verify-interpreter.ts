/** The `verify-interpreter` subcommand. */
import { parseArgs } from 'node:util';
import { formatReport, InterpreterRegistry } from '../interpreter/registry.js';
import { USAGE, UsageError, timeoutOf } from './options.js';

/** `verify-interpreter [INTERPRETER...]`: probe and report; exit 1 when one cannot run a task. */
export async function verifyInterpreters(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, timeout: { type: 'string' } } });
    if (parsed.values.format !== 'text' && parsed.values.format !== 'json') throw new UsageError(`--format must be text or json, not "${parsed.values.format}"`);
  } catch (error) {
    process.stderr.write(`airflow-venv-lint: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  let timeoutMs;
  try {
    timeoutMs = timeoutOf(parsed.values.timeout);
  } catch (error) {
    process.stderr.write(`airflow-venv-lint: ${(error as Error).message}\n`);
    return 2;
  }
  const commands = parsed.positionals.length > 0 ? parsed.positionals : ['python3'];
  const results = await new InterpreterRegistry({ timeoutMs }).verify(commands);
  if (parsed.values.format === 'json') {
    const shown = results.map((result, index) => (result.ok ? { command: commands[index], ok: true, path: result.path, ...result.info } : { command: commands[index], ...result }));
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(commands.map((command) => ({ command, purpose: 'named on the command line' })), results)}\n`);
  }
  return results.every((result) => result.ok) ? 0 : 1;
}
