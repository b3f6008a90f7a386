/**
 * Every handler's boundary: a handler that throws (or whose promise rejects) logs
 * the failure and answers its fallback, instead of one document taking the
 * server down.
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { ParserFailure } from '../analysis/index.js';

/**
 * Set when the client sent `shutdown`: from then on every request is answered InvalidRequest and
 * every notification dropped, as the LSP specification says (audit B5: hover, code actions and
 * Verify Interpreter used to run after it).
 */
export const lifecycle = { shutDown: false };

/** The exit status when the parser cannot be trusted any more (the client restarts the server on it). */
export const PARSER_FAILURE_EXIT = 3;

/**
 * The parser failed twice in a row, the second time as a new parser: the wasm heap cannot be
 * trusted, and a server that stayed up would publish nothing ever again (audit C1). Exit, so that
 * the client starts a new server. Written to stderr synchronously: the LSP stream may not flush.
 */
export function exitIfParserFailed(error: unknown): void {
  if (!(error instanceof ParserFailure)) return;
  process.stderr.write(`airflow-venv-lint-server: ${error.message}; exiting so that the client starts a new server\n`);
  process.exit(PARSER_FAILURE_EXIT);
}

/** `name` says what failed in the log; a function of the arguments when it depends on them (the command). */
export function guard<A extends unknown[], R>(connection: Connection, name: string | ((...args: A) => string), fallback: NoInfer<Awaited<R>>, handler: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    if (lifecycle.shutDown) return new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down') as R;
    const report = (error: unknown): Awaited<R> => {
      exitIfParserFailed(error);
      connection.console.error(`${typeof name === 'string' ? name : name(...args)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    };
    try {
      const result = handler(...args);
      return (result instanceof Promise ? result.catch(report) : result) as R;
    } catch (error) {
      return report(error) as R;
    }
  };
}
