/**
 * `airflowVenvLint.server.documentStatus`: what the language status item shows for a document —
 * the Airflow version the rules target and why, the Python version, where pins come from, the
 * configuration file. A requirements file shows the status of the first open DAG that reads it.
 */
import { basename } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { indexUrlFor } from '../../host/lint-host.js';
import { pathOf } from '../open-documents.js';
import type { DocumentStatus } from '../protocol.js';
import type { Session } from '../session.js';

export function documentStatus(_connection: Connection, session: Session, argument: unknown): DocumentStatus {
  const uri = (argument as { uri?: unknown } | undefined)?.uri;
  if (typeof uri !== 'string') return { kind: 'none' };
  const path = pathOf(uri);
  const owner = session.documents.get(uri) ? uri : (path && session.requirementsFiles.get(uri) ? session.readersOf(path)[0] : undefined);
  const analysis = owner ? session.documents.get(owner)?.analysis : undefined;
  if (!owner || !analysis) return { kind: 'none' };
  const tasks = analysis.model?.tasks.length ?? 0;
  if (!session.settings.enable) return { kind: 'disabled', tasks };
  if (analysis.skipped) return { kind: 'skipped', tasks, reason: analysis.skipped };
  const config = session.configOf(owner);
  const project = session.projects.forFile(pathOf(owner));
  const setting = session.settings.config.airflowVersion;
  const target = analysis.target;
  const airflow = config.airflowVersion && config.airflowVersion !== 'auto'
    ? { airflowVersion: target?.label ?? config.airflowVersion, airflowVersionWhy: setting && setting !== 'auto' ? 'set by airflowVenvLint.airflowVersion' : `set in ${project.path ? basename(project.path) : 'the configuration'}` }
    : target
      ? { airflowVersion: target.label, airflowVersionWhy: target.reason }
      : { airflowVersion: '2', airflowVersionWhy: 'the default (no import path says otherwise)' };
  const sources = [
    ...(config.constraintsFile ? [`constraints file ${config.constraintsFile}`] : []),
    'interpreters Verify Interpreter probed',
    config.offline ? 'the index cache (offline)' : `the index ${indexUrlFor(config)} (on request)`,
  ];
  return {
    kind: 'dag',
    tasks,
    ...airflow,
    pythonVersion: config.pythonVersion ?? 'python_version= of each task',
    versionSources: sources,
    ...(project.path ? { configFile: project.path } : {}),
    ...(owner !== uri ? { readBy: pathOf(owner) ?? owner } : {}),
  };
}
