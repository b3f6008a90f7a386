// Cold start: spawn the server, initialize, open a 200-line DAG, until its first diagnostics
// (pushed, as a client without pull diagnostics gets them). Used by run.ts and ab.ts.
import { LspClient, SERVER_BIN } from '../test/support/lspClient.js';
import { generateDag } from './generate.js';

const text = generateDag(200);

/** One cold start of the server at `serverBin`, in milliseconds. */
export async function coldStart(serverBin = SERVER_BIN): Promise<number> {
  const started = performance.now();
  const client = new LspClient(serverBin);
  try {
    await client.initialize();
    await client.open('file:///bench/cold.py', text);
    return performance.now() - started;
  } finally {
    client.kill();
  }
}
