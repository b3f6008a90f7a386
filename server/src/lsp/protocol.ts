/**
 * Commands the server executes (`workspace/executeCommand`), with the argument
 * each takes and the result it answers. The VS Code client imports this file
 * too (client/src/commands.ts), so it imports nothing: the client bundle must
 * not pull in the server.
 */
export const COMMANDS = {
  fixAll: 'airflowVenvLint.applyFixAll',
  verifyInterpreter: 'airflowVenvLint.server.verifyInterpreter',
  listInterpreters: 'airflowVenvLint.server.listInterpreters',
  pinFromIndex: 'airflowVenvLint.server.pinFromIndex',
  pinAll: 'airflowVenvLint.server.pinAll',
  checkEnvironment: 'airflowVenvLint.server.checkEnvironment',
  clearVerifyResults: 'airflowVenvLint.server.clearVerifyResults',
  documentStatus: 'airflowVenvLint.server.documentStatus',
  showDocumentation: 'airflowVenvLint.server.showDocumentation',
} as const;

/** `showDocumentation`: open a rule's documentation (`window/showDocument`, external). */
export interface ShowDocumentationArgument {
  code: string;
}

/** An interpreter a DAG file's tasks use, and why it matters. */
export interface InterpreterTargetItem {
  command: string;
  purpose: string;
}

/** `fixAll`: apply every safe fix of an open document. */
export interface FixAllArgument {
  uri: string;
}
export interface FixAllResult {
  applied: boolean;
  /** Why nothing was applied, when the server knows. */
  reason?: string;
  /** Problems left that no automatic fix handles. */
  remaining?: number;
}

/**
 * `pinFromIndex` (one finding, named by code, start offset and file, while the document is still at
 * `version`) and `pinAll` (every finding with a safe pin, `uri` only): look versions up, then pin.
 */
export interface PinArgument {
  uri: string;
  /** The distribution a look-up pins (for the client's message). */
  distribution?: string;
  version?: number;
  code?: string;
  start?: number;
  source?: string;
}
export interface PinResult {
  pinned: number;
  /** One line per requirement left unpinned (`pandas: <why>`), or why nothing was done. */
  problems: string[];
  /** How many requirements there were to pin (absent: the document was not found). */
  total?: number;
  /** How many versions each source gave (`constraints/constraints-3.11.txt`: 3). */
  sources?: Record<string, number>;
  /** A look-up that failed and added the requirement without a version instead. */
  addedUnpinned?: string;
}

/** `clearVerifyResults`: forget what Verify Interpreter learnt; how many findings of the open files that removed. */
export interface ClearVerifyResultsResult {
  cleared: number;
}

/** `listInterpreters`: the interpreters an open document's tasks use. */
export interface ListInterpretersArgument {
  uri: string;
}
export interface ListInterpretersResult {
  interpreters: InterpreterTargetItem[];
}

/**
 * `verifyInterpreter`: probe `commands` (default: the document's own interpreters). `trusted` is
 * ignored by the server: only the trust reported at initialize counts (a restart lifts it).
 */
export interface VerifyInterpreterArgument {
  uri: string;
  commands?: string[];
  trusted?: boolean;
}
export interface VerifiedInterpreter {
  command: string;
  ok: boolean;
  version?: string;
  executable?: string;
  failure?: string;
  message?: string;
}
/** What a verify run made the linter report in the file (VENV107, VENV108, VENV305). */
export interface VerifyFinding {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  line: number;
  message: string;
}
/**
 * Not verified: `reason`. Verified: the `report` for people (headed by the file), one result per
 * interpreter and the findings the run produced in the file.
 */
export interface VerifyInterpreterResult {
  verified: boolean;
  reason?: string;
  report?: string;
  results?: VerifiedInterpreter[];
  findings?: VerifyFinding[];
}

/**
 * `documentStatus`: what the language status item shows. `none`: not a DAG (nor a requirements
 * file an open DAG reads); `disabled`: airflowVenvLint.enable is off; `skipped`: too large.
 */
export type DocumentStatus =
  | { kind: 'none' }
  | { kind: 'disabled'; tasks: number }
  | { kind: 'skipped'; tasks: number; reason: string }
  | {
    kind: 'dag';
    /** Virtualenv and external-python tasks in the file. */
    tasks: number;
    airflowVersion: string;
    airflowVersionWhy: string;
    pythonVersion: string;
    /** Where pins come from, in the order they are asked. */
    versionSources: string[];
    configFile?: string;
    /** For a requirements file: the DAG whose settings apply. */
    readBy?: string;
  };

/** Each command's argument and result, by command id. */
export interface CommandTypes {
  [COMMANDS.fixAll]: { argument: FixAllArgument; result: FixAllResult };
  [COMMANDS.verifyInterpreter]: { argument: VerifyInterpreterArgument; result: VerifyInterpreterResult };
  [COMMANDS.listInterpreters]: { argument: ListInterpretersArgument; result: ListInterpretersResult };
  [COMMANDS.pinFromIndex]: { argument: PinArgument; result: PinResult };
  [COMMANDS.pinAll]: { argument: PinArgument; result: PinResult };
  [COMMANDS.checkEnvironment]: { argument: CheckEnvironmentArgument; result: CheckEnvironmentResult };
  [COMMANDS.clearVerifyResults]: { argument: Record<string, never>; result: ClearVerifyResultsResult };
  [COMMANDS.documentStatus]: { argument: { uri: string }; result: DocumentStatus };
}

/**
 * `checkEnvironment`: build the venv of each virtualenv task of a document (or of `taskId`) as
 * Airflow would, resolve, install and import (trusted workspaces only). Progress is reported with
 * the request's `workDoneToken`; cancelling the request stops the running step.
 */
export interface CheckEnvironmentArgument {
  uri: string;
  taskId?: string;
  trusted?: boolean;
}
export interface CheckEnvironmentResult {
  built: boolean;
  cancelled?: boolean;
  reason?: string;
  report?: string;
  /** Findings of the build rules (VENV213, VENV214, VENV307) in the document after the build. */
  problems?: { code: string; line: number; message: string }[];
}
