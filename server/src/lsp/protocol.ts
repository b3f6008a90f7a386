/** Commands the server executes (`workspace/executeCommand`); the client's palette entries call them. */
export const COMMANDS = {
  fixAll: 'airflowVenvLint.applyFixAll',
  verifyInterpreter: 'airflowVenvLint.server.verifyInterpreter',
  listInterpreters: 'airflowVenvLint.server.listInterpreters',
  pinFromIndex: 'airflowVenvLint.server.pinFromIndex',
  pinAll: 'airflowVenvLint.server.pinAll',
} as const;
