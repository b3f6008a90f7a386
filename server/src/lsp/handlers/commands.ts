/** workspace/executeCommand: one table, one implementation per command (lsp/commands/). */
import type { CancellationToken, Connection, ExecuteCommandParams, WorkDoneProgressReporter } from 'vscode-languageserver';
import { checkEnvironmentCommand } from '../commands/check-environment.js';
import { guard } from '../boundary.js';
import { documentStatus } from '../commands/document-status.js';
import { fixAll } from '../commands/fix-all.js';
import { listInterpreters } from '../commands/list-interpreters.js';
import { pin } from '../commands/pin.js';
import { showDocumentation } from '../commands/show-documentation.js';
import { clearVerifyResults, verifyInterpreter } from '../commands/verify-interpreter.js';
import { COMMANDS } from '../protocol.js';
import type { Session } from '../session.js';

/**
 * What a command is handed: its first argument, unchecked (each command checks what it reads), and
 * for the long ones the request's cancellation and its work-done progress (the library's reporter for
 * the request's `workDoneToken`, a no-op without one).
 */
type Command = (connection: Connection, session: Session, argument: unknown, command: string, token: CancellationToken | undefined, workDone: WorkDoneProgressReporter | undefined) => Promise<unknown> | unknown;

const IMPLEMENTATIONS: Record<string, Command> = {
  [COMMANDS.fixAll]: fixAll,
  [COMMANDS.pinFromIndex]: pin,
  [COMMANDS.pinAll]: pin,
  [COMMANDS.listInterpreters]: listInterpreters,
  [COMMANDS.verifyInterpreter]: verifyInterpreter,
  [COMMANDS.checkEnvironment]: checkEnvironmentCommand,
  [COMMANDS.clearVerifyResults]: clearVerifyResults,
  [COMMANDS.documentStatus]: documentStatus,
  [COMMANDS.showDocumentation]: showDocumentation,
};

export function register(connection: Connection, session: Session): void {
  connection.onExecuteCommand(guard(connection, (params: ExecuteCommandParams) => `executeCommand ${params.command}`, undefined, async (params: ExecuteCommandParams, token?: CancellationToken, workDone?: WorkDoneProgressReporter) => {
    const implementation = Object.hasOwn(IMPLEMENTATIONS, params.command) ? IMPLEMENTATIONS[params.command] : undefined;
    return implementation?.(connection, session, params.arguments?.[0], params.command, token, workDone);
  }));
}
