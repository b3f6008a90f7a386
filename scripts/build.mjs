// Bundles the CLI and language server (server/dist) and the VS Code extension
// (dist/) with esbuild, and copies the grammar next to each bundle.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'server', 'package.json'));
const runtimeWasm = join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');

// ESM bundles that include CommonJS dependencies need a real `require`.
const esmBanner = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

// The interpreter probe is passed to Python with -c; it ships next to each bundle.
function copyProbe(target) {
  cpSync(join(root, 'server', 'src', 'interpreter', 'probe.py'), join(target, 'probe.py'));
}

function copyGrammar(target) {
  const directory = join(target, 'grammars');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(join(directory, 'queries'), { recursive: true });
  cpSync(join(root, 'grammars', 'tree-sitter-python.wasm'), join(directory, 'tree-sitter-python.wasm'));
  cpSync(join(root, 'grammars', 'queries'), join(directory, 'queries'), { recursive: true });
  cpSync(runtimeWasm, join(directory, 'tree-sitter.wasm'));
}

// V8 keeps a module's source text for as long as the module lives (functions compile lazily from
// it): one byte a character when every character is Latin-1, two otherwise. esbuild escapes non-ASCII
// characters in strings and identifiers, not in the comments it keeps (ohm-js's) nor in regular
// expression literals; one such character made the server's whole 1.9 MB source a 3.7 MB string in
// the server's heap. Escaped as \uXXXX (UTF-16 code units), which means the same in a string or a
// regular expression and nothing in a comment.
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== text) writeFileSync(file, escaped);
}

// The generated tables (server/src/analysis/knowledge/data/*.json, 0.7 MB) go into the bundle as
// JSON.parse of one string rather than as object literals: V8 scans a string literal and parses
// JSON several times faster than it compiles and runs an object literal of the same size, and
// these are compiled on every start (the server bundle's import, median of 15: 55.6 -> 51.0 ms).
const jsonAsString = {
  name: 'json-as-string',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]data[\\/][^\\/]+\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

const common = { bundle: true, plugins: [jsonAsString], platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning', legalComments: 'none' };

// The bundle names (cli.mjs, server.mjs) are what server/bin/*.js and the client start; cli.mjs is
// also what the CLI's worker threads run (server/src/cli/parallel.ts). server.mjs is a small entry
// (server/src/lsp/launch.ts) that runs the server itself, server-main.cjs, with a V8 code cache:
// CommonJS, as only a script (vm.Script) takes a cache on the Node.js versions the server supports.
const cjsServer = {
  format: 'cjs',
  // web-tree-sitter's CommonJS build: its ES build loads `module` with a dynamic import, which code
  // run from a V8 code cache cannot do on Node.js 20.
  alias: { 'web-tree-sitter': join(dirname(runtimeWasm), 'tree-sitter.cjs') },
  // What ES modules read from import.meta, for the CommonJS build: the bundle's own file.
  define: { 'import.meta.url': '__bundleUrl' },
  // "use strict" first: a banner goes above esbuild's own, which is then no longer the directive.
  banner: { js: "'use strict'; const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

async function buildServer(outdir, minify) {
  await build({ ...common, entryPoints: { server: join(root, 'server/src/lsp/launch.ts') }, outdir, outExtension: { '.js': '.mjs' }, format: 'esm', banner: { js: esmBanner }, minify });
  await build({ ...common, ...cjsServer, entryPoints: { 'server-main': join(root, 'server/src/lsp/main.ts') }, outdir, outExtension: { '.js': '.cjs' }, minify });
  for (const name of ['server.mjs', 'server-main.cjs']) asciiOnly(join(outdir, name));
}

await build({
  ...common,
  entryPoints: { cli: join(root, 'server/src/cli/main.ts') },
  outdir: join(root, 'server', 'dist'),
  outExtension: { '.js': '.mjs' },
  format: 'esm',
  banner: { js: esmBanner },
});
asciiOnly(join(root, 'server', 'dist', 'cli.mjs'));
await buildServer(join(root, 'server', 'dist'), false);
copyGrammar(join(root, 'server', 'dist'));
copyProbe(join(root, 'server', 'dist'));

// The VS Code extension (dist/): the client, and a minified copy of the server it starts.
await build({
  ...common,
  entryPoints: { extension: join(root, 'client/src/extension.ts') },
  outdir: join(root, 'dist'),
  format: 'cjs',
  external: ['vscode'],
  minify: true,
});
await buildServer(join(root, 'dist'), true);
copyGrammar(join(root, 'dist'));
copyProbe(join(root, 'dist'));
