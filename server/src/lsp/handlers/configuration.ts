/** initialized (register for settings and file changes, read the settings) and didChangeConfiguration. */
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, type Connection } from 'vscode-languageserver';
import { guard } from '../boundary.js';
import type { Session } from '../session.js';
import { readSettings } from '../settings.js';

/** The files whose change can change a finding: configuration, requirements files, modules, .airflowignore. */
const WATCHED = ['**/pyproject.toml', '**/*.txt', '**/*.py', '**/.airflowignore'];

export function register(connection: Connection, session: Session): void {
  connection.onInitialized(async () => {
    if (session.client.configurationRequests) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'airflowVenvLint' });
    if (session.client.watchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) });
    }
    // Editors open the documents they restore while the settings are asked for: those are held
    // (settleSoon), analysed again only when the client's settings differ, then published.
    session.settingsArriving = session.client.configurationRequests;
    try {
      if (await session.fetchSettings()) session.refreshAll();
    } finally {
      session.settingsArriving = false;
      session.settlePending();
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (session.client.configurationRequests) await session.fetchSettings();
    else session.settings = readSettings((change.settings as { airflowVenvLint?: unknown } | null)?.airflowVenvLint);
    guard(connection, 'configuration change', undefined, () => session.refreshAll())();
  });
}
