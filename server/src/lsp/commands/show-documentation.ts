/** `airflowVenvLint.server.showDocumentation`: asks the editor to open a rule's documentation (`window/showDocument`). */
import type { Connection } from 'vscode-languageserver';
import { RULES_BY_CODE, docsUrl } from '../../analysis/index.js';
import type { Session } from '../session.js';

export async function showDocumentation(connection: Connection, _session: Session, argument: unknown): Promise<{ shown: boolean }> {
  const code = (argument as { code?: unknown } | undefined)?.code;
  const rule = typeof code === 'string' ? RULES_BY_CODE.get(code) : undefined;
  if (!rule) return { shown: false };
  const result = await connection.window.showDocument({ uri: docsUrl(rule), external: true });
  return { shown: result.success };
}
