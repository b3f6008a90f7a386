/**
 * Every handler's boundary: a handler that throws (or whose promise rejects) logs
 * the failure and answers its fallback, instead of one document taking the
 * server down.
 */
import type { Connection } from 'vscode-languageserver';

/** `name` says what failed in the log; a function of the arguments when it depends on them (the command). */
export function guard<A extends unknown[], R>(connection: Connection, name: string | ((...args: A) => string), fallback: NoInfer<Awaited<R>>, handler: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    const report = (error: unknown): Awaited<R> => {
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
