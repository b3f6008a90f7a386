// Cold start: spawn the server, initialize, open a 200-line DAG, until its first diagnostics
// (pushed, as a client without pull diagnostics gets them). Used by run.ts and ab.ts. A start
// after the first runs the server from its V8 code cache (server/src/lsp/launch.ts); `cached`
// false measures a first start (the cache turned off).
import { LspClient, SERVER_BIN } from '../test/support/lspClient.js';
import { generateDag } from './generate.js';

const text = generateDag(200);

/** Spawns the server at `serverBin`, initializes it and opens the DAG, until its first diagnostics. */
async function startAndOpen(serverBin: string, env: NodeJS.ProcessEnv): Promise<LspClient> {
  const client = new LspClient(serverBin, [], env);
  try {
    await client.initialize();
    await client.open('file:///bench/cold.py', text);
    return client;
  } catch (error) {
    client.kill();
    throw error;
  }
}

/** One cold start of the server at `serverBin`, in milliseconds. */
export async function coldStart(serverBin = SERVER_BIN, cached = true): Promise<number> {
  const started = performance.now();
  const client = await startAndOpen(serverBin, cached ? process.env : { ...process.env, AIRFLOW_VENV_LINT_CODE_CACHE: 'off' });
  const elapsed = performance.now() - started;
  client.kill();
  return elapsed;
}

/** A start that lives long enough for the server to write its code cache (a few seconds), if it has none. */
export async function primeCodeCache(serverBin = SERVER_BIN): Promise<void> {
  const client = await startAndOpen(serverBin, process.env);
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  client.kill();
}
