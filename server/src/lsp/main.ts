/**
 * Entry point of the `airflow-venv-lint-server` bin and of the extension's
 * server: `--stdio` for any LSP editor, `--node-ipc` when VS Code starts it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { exitIfParserFailed } from './boundary.js';
import { startServer } from './server.js';
import { joinHeaderWrites } from './stdio-writes.js';

if (process.argv.includes('--stdio')) joinHeaderWrites(process.stdout);
const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => {
  exitIfParserFailed(error);
  connection.console.error(`uncaught: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', (reason) => {
  exitIfParserFailed(reason);
  connection.console.error(`unhandled rejection: ${String(reason)}`);
});
startServer(connection);
