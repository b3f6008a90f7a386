// Stage 1 of the Airflow release table: reads Airflow's own source at pinned release tags and
// writes server/src/analysis/knowledge/data/airflow-facts.json, the raw facts behind the table
// (stage 2, airflow-table.ts, turns them plus airflow-hand-facts.json into airflow-releases.json).
//
// Source: a bare git clone of a fork of apache/airflow that carries the upstream release tags
// (apache/airflow itself is too large to clone here). Every pin below is a tag and the commit it
// must point at; a tag that moved is an error. Files are read from the pinned commits, never from
// the tag names, so the output depends on the pins alone.
//
// What is read, per tag (Python files through web-tree-sitter and the committed grammar; the
// packaging files and README with plain text matching):
//   airflow/operators/python_operator.py, airflow/operators/python.py, airflow/operators/__init__.py
//   airflow/models/baseoperator.py, airflow/utils/decorators.py, airflow/utils/python_virtualenv.py
//   airflow/decorators.py or airflow/decorators/*.py, airflow/sdk/__init__.py (existence)
//   setup.py, setup.cfg, pyproject.toml (Python classifiers, requires-python), README.md (the
//   "Requirements" table)
// What is written: names, short default literals, versions, file paths, line numbers and symbols.
// No Airflow code is copied.
//
// Usage:
//   node server/scripts/airflow-facts.mjs --mirror /path/to/fork.git          (rewrite the facts)
//   node server/scripts/airflow-facts.mjs --mirror /path/to/fork.git --check  (compare, exit 1 if stale)
// Node 20; needs web-tree-sitter (a dependency of the server) and git.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUTPUT = join(ROOT, 'server', 'src', 'analysis', 'knowledge', 'data', 'airflow-facts.json');
const GRAMMAR = join(ROOT, 'grammars', 'tree-sitter-python.wasm');

/**
 * [tag, commit, version]. Every upstream final release tag from 2.0.0 to 2.10.3, 1.10.15 (the last
 * 1.10), and the fork's tags for 2.10.5, 2.11.0 and 2.11.1 (upstream 2.10.4 is not in the fork).
 * The files read at the fork's tags carry only upstream commits (checked with git log; see
 * server/scripts/README.md).
 */
const PINS = [
  ['1.10.15', '5786dcdc392f7a2649f398353a0beebef01c428e'],
  ['2.0.0', 'ab5f770bfcd8c690cbe4d0825896325aca0beeca'],
  ['2.0.1', 'beb8af5ac6c438c29e2c186145115fb1334a3735'],
  ['2.0.2', '10023fdd65fa78033e7125d3d8103b63c127056e'],
  ['2.1.0', '304e174674ff6921cb7ed79c0158949b50eff8fe'],
  ['2.1.1', 'a71f9d6f25e3255ac33755da2590c398062db9d1'],
  ['2.1.2', 'd25854dd413aa68ea70fb1ade7fe01425f456192'],
  ['2.1.3', '2b80c1edec85fb2b0312b6ae7f415c6f744e322e'],
  ['2.1.4', '614858fb7d443880451e6111b27fdaf942f563a4'],
  ['2.2.0', '5dd690b57a20ca944deb8d96e89ec6ae6161afeb'],
  ['2.2.1', '360474fff3738f70e95580a91e778250afa7ce82'],
  ['2.2.2', '9ac742885ffb83c15f7e3dc910b0cf9df073407a'],
  ['2.2.3', '06c82e17e9d7ff1bf261357e84c6013ccdb3c241'],
  ['2.2.4', 'ee9049c0566b2539a247687de05f9cffa008f871'],
  ['2.2.5', '7c3513903462511212df742263a49ec1f729ec0e'],
  ['2.3.0', '6b772f68db4f80b01ede836ddd47437d4aa1b43d'],
  ['2.3.1', 'ee100a592e07761f3b32294f3ad82c4a6c7cf74d'],
  ['2.3.2', '0bf5f495d4131109fba449697adee68a62516851'],
  ['2.3.3', '62778bb8648515e9823ace2f48d9a89ec91a6803'],
  ['2.3.4', '88b274c95b212b541ba19918880ae425856212be'],
  ['2.4.0', '0bcdba0e4e8d109abf8f98618a3784457364e442'],
  ['2.4.1', '7b979def75923ba28dd64e31e613043d29f34fce'],
  ['2.4.2', 'febf35500d5de172e25280e5f5492257f898fdf5'],
  ['2.4.3', 'c53a3e153f0ab5ca933a94adc01dc6314ea8d4d1'],
  ['2.5.0', 'fa2bec042995004f45b914dd1d66b466ccced410'],
  ['2.5.1', '49867b660b6231c1319969217bc61917f7cf9829'],
  ['2.5.2', 'a89335fca13c360d4b01e5e8aaaf1609123d8d35'],
  ['2.5.3', 'cb842dd8aa8749b4d0a474c6e2fda11505d9ba99'],
  ['2.6.0', 'ab54c63940a99646df974d4bcf2e37415e277e69'],
  ['2.6.1', '58fca5eb3c3521e3fa1b3beeb066acb15629deeb'],
  ['2.6.2', 'd2f0d100dac4a95d664309d7b04a6a6110367446'],
  ['2.6.3', 'eb24742d5300d2d87b17b4bcd67f639dbafd9818'],
  ['2.7.0', 'c08c82e9dd0e4aabaa5121519819a636df635210'],
  ['2.7.1', 'b8c416681c529aad3ef744c193f6e0435c4d0d93'],
  ['2.7.2', 'c8b25cb3eea2bcdf951ed7c1d7d0a1f9f04db206'],
  ['2.7.3', 'f1243537838516b8bb8156130bc001595bfbeb01'],
  ['2.8.0', 'db2b75c233e3e3c59ec9d0563b93ddbe733ad0bf'],
  ['2.8.1', 'c0ffa9c5d96625c68ded9562632674ed366b5eb3'],
  ['2.8.2', '923e9104accd8bf493f33c5def42de23e2410a26'],
  ['2.8.3', '948ec96724995f27a50498bb1a85864c12ba1507'],
  ['2.8.4', '34ea330b786457ab2ec591395a834e564dc999ec'],
  ['2.9.0', '50f22ffe9150e93f7fc08a9dc8a48880daad374b'],
  ['2.9.1', '2d53c1089f78d8d1416f51af60e1e0354781c661'],
  ['2.9.2', 'f56f13442613912725d307aafc537cc76277c2d1'],
  ['2.9.3', '81845de9d95a733b4eb7826aaabe23ba9813eba3'],
  ['2.10.0', 'e001b88f5875cfd7e295891a0bbdbc75a3dccbfb'],
  ['2.10.1', '854173176f372f6509800ed446286c32cb75045e'],
  ['2.10.2', '35087d7d10714130cc3e9e9730e34b07fc56938d'],
  ['2.10.3', 'c99887ec11ce3e1a43f2794fcf36d27555140f00'],
  ['2.10.5_arenadata1', 'b93c3db6b1641b0840bd15ac7d05bc58ff2cccbf'],
  ['2.11.0_arenadata1', 'cb4e34a723612e8d2c1f75c89d8f7fb4d02d35d6'],
  ['2.11.1_arenadata1', '29f74ea9a88fe92ee70247e8c9f5be5200f29831'],
];

const args = process.argv.slice(2);
const mirrorIndex = args.indexOf('--mirror');
const mirror = mirrorIndex === -1 ? undefined : args[mirrorIndex + 1];
const check = args.includes('--check');
if (!mirror) {
  console.error('usage: node server/scripts/airflow-facts.mjs --mirror <bare git dir of a fork with the upstream tags> [--check]');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Reading the fork

const git = (...gitArgs) => execFileSync('git', ['--git-dir', mirror, ...gitArgs], { encoding: 'utf8', maxBuffer: 64 << 20 });

function verifyPins() {
  for (const [tag, commit] of PINS) {
    let actual;
    try {
      actual = git('rev-parse', '--verify', '--quiet', `${tag}^{commit}`).trim();
    } catch {
      throw new Error(`tag ${tag} is not in ${mirror}`);
    }
    if (actual !== commit) throw new Error(`tag ${tag} moved: it points at ${actual}, the pin says ${commit}`);
  }
}

/** The files of one commit, read lazily. */
class Checkout {
  constructor(commit) {
    this.commit = commit;
    this.paths = new Set(git('ls-tree', '-r', '--name-only', commit, '--', 'airflow', 'setup.py', 'setup.cfg', 'pyproject.toml', 'README.md').split('\n').filter(Boolean));
    this.cache = new Map();
  }
  has(path) {
    return this.paths.has(path);
  }
  read(path) {
    if (!this.has(path)) return undefined;
    if (!this.cache.has(path)) this.cache.set(path, git('cat-file', 'blob', `${this.commit}:${path}`));
    return this.cache.get(path);
  }
}

// ---------------------------------------------------------------------------------------------
// Python syntax helpers (tree-sitter-python node types)

let parser;
async function loadParser() {
  await Parser.init();
  const language = await Language.load(readFileSync(GRAMMAR));
  parser = new Parser();
  parser.setLanguage(language);
}

const parsedFiles = new Map(); // key: commit:path
function parseFile(checkout, path) {
  const key = `${checkout.commit}:${path}`;
  if (!parsedFiles.has(key)) {
    const text = checkout.read(path);
    parsedFiles.set(key, text === undefined ? undefined : parser.parse(text).rootNode);
  }
  return parsedFiles.get(key);
}

const line = (node) => node.startPosition.row + 1;
const named = (node) => node.namedChildren;

/** The value of a plain string literal (no interpolation); undefined for anything else. */
function stringValue(node) {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    const parts = named(node).map(stringValue);
    return parts.every((part) => part !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  let value = '';
  for (const child of named(node)) {
    if (child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type === 'string_content') value += child.text;
    else if (child.type === 'escape_sequence') value += JSON.parse(`"${child.text.replace(/"/g, '\\"')}"`);
    else return undefined; // interpolation
  }
  return value;
}

/** An f-string or str.format() call rendered as a template: f"python{self.python_version}" -> python{python_version}. */
function template(node) {
  if (!node) return undefined;
  if (node.type === 'none') return null;
  const plain = stringValue(node);
  if (plain !== undefined) return plain;
  if (node.type === 'string') {
    let value = '';
    for (const child of named(node)) {
      if (child.type === 'string_content') value += child.text;
      else if (child.type === 'interpolation') value += `{${lastName(child.childForFieldName('expression'))}}`;
    }
    return value;
  }
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format') {
      const format = stringValue(callee.childForFieldName('object'));
      const values = named(node.childForFieldName('arguments')).map((arg) => `{${lastName(arg)}}`);
      if (format !== undefined) return format.replace(/\{\}/g, () => values.shift() ?? '{}');
    }
  }
  return `{${lastName(node)}}`;
}

/** `self.python_version` -> python_version; `sys.executable` -> sys.executable; other expressions: their text. */
function lastName(node) {
  if (!node) return '';
  if (node.type === 'attribute' && node.childForFieldName('object')?.text === 'self') return node.childForFieldName('attribute').text;
  return node.text.replace(/\s+/g, ' ');
}

/** A parameter default as short literal text; calls become `name(…)`, anything else `…`. */
function defaultText(node) {
  switch (node.type) {
    case 'none': return 'None';
    case 'true': return 'True';
    case 'false': return 'False';
    case 'integer': case 'float': return node.text;
    case 'unary_operator': return node.text.replace(/\s+/g, '');
    case 'identifier': return node.text;
    case 'attribute': return /^[\w.]+$/.test(node.text) ? node.text : '…';
    case 'string': case 'concatenated_string': {
      const value = stringValue(node);
      return value === undefined ? '…' : JSON.stringify(value);
    }
    case 'tuple': case 'list': case 'dictionary': case 'set':
      return named(node).length === 0 ? { tuple: '()', list: '[]', dictionary: '{}', set: 'set()' }[node.type] : '…';
    case 'call': {
      const callee = node.childForFieldName('function');
      return /^[\w.]+$/.test(callee.text) ? `${callee.text}(…)` : '…';
    }
    default: return '…';
  }
}

/** Top-level `from a.b import X as Y` and `import a.b` bindings of a module: local name -> dotted source. */
function imports(root) {
  const bound = new Map();
  const visit = (node) => {
    for (const statement of named(node)) {
      if (statement.type === 'import_from_statement') {
        const module = statement.childForFieldName('module_name')?.text;
        for (const name of statement.childrenForFieldName('name')) {
          if (name.type === 'aliased_import') bound.set(name.childForFieldName('alias').text, `${module}.${name.childForFieldName('name').text}`);
          else bound.set(name.text, `${module}.${name.text}`);
        }
      } else if (statement.type === 'if_statement' || statement.type === 'try_statement') {
        // `if TYPE_CHECKING:` / `try:` imports bind names too.
        for (const child of named(statement)) if (child.type === 'block' || child.type.endsWith('_clause')) visit(child.type === 'block' ? child : child.namedChildren.find((c) => c.type === 'block') ?? child);
      }
    }
  };
  visit(root);
  return bound;
}

/** `airflow.decorators.python.X` -> airflow/decorators/python.py (or the package __init__). */
function moduleFile(checkout, dotted) {
  const parts = dotted.split('.');
  for (let end = parts.length; end > 0; end--) {
    const base = parts.slice(0, end).join('/');
    if (checkout.has(`${base}.py`)) return { path: `${base}.py`, rest: parts.slice(end) };
    if (checkout.has(`${base}/__init__.py`)) return { path: `${base}/__init__.py`, rest: parts.slice(end) };
  }
  return undefined;
}

function topLevelClasses(root) {
  const classes = new Map();
  for (const statement of named(root)) {
    const node = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (node?.type === 'class_definition') classes.set(node.childForFieldName('name').text, node);
  }
  return classes;
}

function topLevelFunctions(root) {
  const functions = new Map();
  for (const statement of named(root)) {
    const node = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (node?.type === 'function_definition') functions.set(node.childForFieldName('name').text, node);
  }
  return functions;
}

/** Members of a class body: methods (name -> node) and assignments (name -> value node). */
function members(classNode) {
  const methods = new Map();
  const assignments = new Map();
  for (const statement of named(classNode.childForFieldName('body'))) {
    const node = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (node?.type === 'function_definition') methods.set(node.childForFieldName('name').text, node);
    if (node?.type === 'expression_statement') {
      const assignment = named(node)[0];
      if (assignment?.type === 'assignment' && assignment.childForFieldName('left').type === 'identifier') {
        assignments.set(assignment.childForFieldName('left').text, assignment.childForFieldName('right') ?? null);
      }
    }
  }
  return { methods, assignments };
}

/** Every node of a subtree, without descending into nested functions or classes. */
function* walk(node, { intoDefinitions = false } = {}) {
  for (const child of named(node)) {
    yield child;
    if (!intoDefinitions && (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'lambda')) continue;
    yield* walk(child, { intoDefinitions });
  }
}

/** The condition of the innermost `if`/`elif` whose branch holds `node` (undefined outside any). */
function innermostCondition(node, stop) {
  for (let current = node; current && current.id !== stop.id; current = current.parent) {
    const parent = current.parent;
    if (!parent) break;
    if (parent.type === 'if_statement' && parent.childForFieldName('consequence')?.id === current.id) return parent.childForFieldName('condition');
    if (parent.type === 'elif_clause' && parent.childForFieldName('consequence')?.id === current.id) return parent.childForFieldName('condition');
  }
  return undefined;
}

const callName = (call) => call.childForFieldName('function')?.text ?? '';
const callArgs = (call) => named(call.childForFieldName('arguments') ?? call).filter((arg) => arg.type !== 'comment');
const keywordArg = (call, name) => callArgs(call).find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name').text === name)?.childForFieldName('value');

/** Which of `params` a condition tests, and whether it tests "is not a str" (`not isinstance(p, str)`). */
function conditionFacts(condition, params) {
  const mentioned = new Set();
  let nonStr = false;
  for (const node of [condition, ...walk(condition)]) {
    if (node.type === 'identifier' && params.has(node.text)) mentioned.add(node.text);
    if (node.type === 'call' && /^kwargs\.(get|pop)$/.test(callName(node))) {
      const key = stringValue(callArgs(node)[0]);
      if (key) mentioned.add(key);
    }
    if (node.type === 'comparison_operator' && /\bin\b/.test(node.text) && named(node)[1]?.text === 'kwargs') {
      const key = stringValue(named(node)[0]);
      if (key) mentioned.add(key);
    }
    if (node.type === 'call' && callName(node) === 'isinstance' && stringValue(callArgs(node)[1]) === undefined && callArgs(node)[1]?.text === 'str') {
      const negated = node.parent?.type === 'not_operator';
      if (negated) nonStr = true;
    }
  }
  return { mentioned: [...mentioned].sort(), when: nonStr ? 'non-str' : 'set' };
}

// ---------------------------------------------------------------------------------------------
// Facts

/** Own `__init__` signature: params [[name, default | null]], keyword-only marker, *args/**kwargs. */
function signature(functionNode) {
  const params = [];
  let keywordOnly = null;
  let varArgs = false;
  let varKwargs = false;
  for (const param of named(functionNode.childForFieldName('parameters'))) {
    switch (param.type) {
      case 'identifier': params.push([param.text, null]); break;
      case 'typed_parameter': params.push([named(param).find((c) => c.type === 'identifier').text, null]); break;
      case 'default_parameter': case 'typed_default_parameter':
        params.push([param.childForFieldName('name').text, defaultText(param.childForFieldName('value'))]);
        break;
      case 'keyword_separator': keywordOnly = params.length; break;
      case 'list_splat_pattern': varArgs = true; keywordOnly ??= params.length + 1; break;
      case 'dictionary_splat_pattern': varKwargs = true; break;
      default: break;
    }
  }
  if (params[0]?.[0] === 'self') {
    params.shift();
    if (keywordOnly !== null) keywordOnly -= 1;
  }
  const keyword = keywordOnly === null ? 'none' : keywordOnly <= 0 ? 'all' : params[keywordOnly]?.[0] ?? 'none';
  return { line: line(functionNode), params, keywordOnly: keyword, varArgs, varKwargs };
}

/** The template_fields / template_ext expression as strings and `@Class` references. */
function fieldList(node, where) {
  switch (node.type) {
    case 'tuple': case 'list': case 'set': case 'expression_list':
      return named(node).flatMap((item) => fieldList(item, where));
    case 'parenthesized_expression': return fieldList(named(node)[0], where);
    case 'list_splat': return fieldList(named(node)[0], where);
    case 'string': case 'concatenated_string': {
      const value = stringValue(node);
      if (value === undefined) throw new Error(`${where}: interpolated string in a field list`);
      return [value];
    }
    case 'attribute':
      if (/^(template_fields|template_ext)$/.test(node.childForFieldName('attribute').text)) return [`@${node.childForFieldName('object').text}`];
      break;
    case 'binary_operator': return [...fieldList(node.childForFieldName('left'), where), ...fieldList(node.childForFieldName('right'), where)];
    case 'call': {
      const callee = node.childForFieldName('function');
      if (/^(tuple|list|set|frozenset|sorted)$/.test(callee.text)) return callArgs(node).flatMap((arg) => fieldList(arg, where));
      if (callee.type === 'attribute' && callee.childForFieldName('attribute').text === 'union') {
        return [...fieldList(callee.childForFieldName('object'), where), ...callArgs(node).flatMap((arg) => fieldList(arg, where))];
      }
      break;
    }
    default: break;
  }
  throw new Error(`${where}: cannot read the field list ${node.type}`);
}

function uniqueSorted(list) {
  return [...new Set(list)].sort();
}

/** Facts about one class: bases, own __init__, template fields, deprecation and validation branches. */
function classFacts(checkout, path, classNode) {
  const name = classNode.childForFieldName('name').text;
  const where = `${path}:${name}`;
  const bases = (classNode.childForFieldName('superclasses')?.namedChildren ?? []).filter((b) => b.type === 'identifier' || b.type === 'attribute').map((b) => b.text);
  const { methods, assignments } = members(classNode);
  const fact = { kind: 'class', key: name, file: path, line: line(classNode), bases };
  const init = methods.get('__init__');
  fact.init = init ? signature(init) : null;
  for (const [field, key] of [['template_fields', 'templateFields'], ['template_ext', 'templateExt']]) {
    if (assignments.has(field)) fact[key] = uniqueSorted(fieldList(assignments.get(field), `${where}.${field}`));
  }
  if (init) {
    const params = new Set(fact.init.params.map(([param]) => param));
    const body = init.childForFieldName('body');
    const warns = [];
    const raises = [];
    const popped = [];
    const venvChecks = [];
    for (const node of walk(body)) {
      if (node.type === 'call' && /^(warnings\.)?warn$/.test(callName(node))) {
        const condition = innermostCondition(node, body);
        if (!condition) continue;
        const positional = callArgs(node).filter((arg) => arg.type !== 'keyword_argument');
        const category = (keywordArg(node, 'category') ?? positional[1])?.text ?? 'UserWarning';
        const { mentioned, when } = conditionFacts(condition, params);
        for (const param of mentioned) warns.push([param, category, when, line(node)]);
      }
      if (node.type === 'call' && callName(node) === 'kwargs.pop') {
        const key = stringValue(callArgs(node)[0]);
        if (key && !key.startsWith('_')) popped.push(key);
      }
      if (node.type === 'raise_statement') {
        const condition = innermostCondition(node, body);
        if (!condition) continue;
        const error = named(node)[0]?.type === 'call' ? callName(named(node)[0]) : named(node)[0]?.text;
        const { mentioned, when } = conditionFacts(condition, params);
        if (when === 'non-str') for (const param of mentioned) raises.push([param, error, when, line(node)]);
        const checks = venvInstallChecks(checkout, path, condition);
        if (checks.length) venvChecks.push({ checks, error, line: line(node) });
      }
    }
    if (warns.length) fact.warns = warns;
    if (raises.length) fact.raises = raises;
    if (popped.length) fact.kwargsPopped = uniqueSorted(popped);
    if (venvChecks.length) fact.venvInstallCheck = venvChecks[0];
  }
  // How the interpreter is named when the venv is created: the python_bin= argument (2.x).
  for (const node of walk(classNode.childForFieldName('body'), { intoDefinitions: true })) {
    if (node.type !== 'keyword_argument' || node.childForFieldName('name').text !== 'python_bin') continue;
    const value = node.childForFieldName('value');
    fact.pythonBin = value.type === 'conditional_expression'
      ? { withVersion: template(named(value)[0]), otherwise: template(named(value)[2]), line: line(node) }
      : { withVersion: template(value), otherwise: template(value), line: line(node) };
  }
  const operatorName = assignments.get('custom_operator_name');
  if (operatorName) fact.customOperatorName = stringValue(operatorName) ?? null;
  // 1.10 builds the virtualenv command in the operator itself.
  if (methods.has('_generate_virtualenv_cmd')) fact.venvCommand = venvCommand(methods.get('_generate_virtualenv_cmd'));
  return fact;
}

/** `is_venv_installed()` / `shutil.which("virtualenv")` in a condition: which lookups gate the venv. */
function venvInstallChecks(checkout, path, condition) {
  const checks = new Set();
  const scan = (node) => {
    for (const call of [node, ...walk(node, { intoDefinitions: true })].filter((n) => n.type === 'call')) {
      const name = callName(call);
      if (/(^|\.)which$/.test(name) && stringValue(callArgs(call)[0]) === 'virtualenv') checks.add('which:virtualenv');
      if (/(^|\.)find_spec$/.test(name) && stringValue(callArgs(call)[0]) === 'virtualenv') checks.add('find_spec:virtualenv');
    }
  };
  scan(condition);
  for (const call of [condition, ...walk(condition)].filter((n) => n.type === 'call')) {
    if (callName(call) === 'is_venv_installed') {
      const fn = topLevelFunctions(parseFile(checkout, path)).get('is_venv_installed');
      if (fn) scan(fn);
    }
  }
  return [...checks].sort();
}

/** `_generate_virtualenv_cmd`: the initial argv and the options appended (with the parameter that gates each). */
function venvCommand(fn) {
  const body = fn.childForFieldName('body');
  let argv;
  const options = [];
  for (const node of walk(body)) {
    if (!argv && node.type === 'assignment' && node.childForFieldName('right')?.type === 'list') {
      argv = named(node.childForFieldName('right')).map((item) => (stringValue(item) ?? `{${lastName(item)}}`));
    }
    if (node.type === 'call' && /\.append$/.test(callName(node))) {
      const condition = innermostCondition(node, body);
      const gate = condition ? [condition, ...walk(condition)].find((n) => n.type === 'identifier' || n.type === 'attribute') : undefined;
      options.push([template(callArgs(node)[0]), gate ? lastName(gate) : null]);
    }
  }
  return { function: fn.childForFieldName('name').text, line: line(fn), argv, options };
}

/** Where "Use keyword arguments when initializing operators" is raised: positional arguments refused. */
function positionalFact(checkout) {
  for (const path of ['airflow/models/baseoperator.py', 'airflow/utils/decorators.py']) {
    const root = parseFile(checkout, path);
    if (!root) continue;
    for (const node of walk(root, { intoDefinitions: true })) {
      if (node.type !== 'raise_statement') continue;
      const call = named(node)[0];
      if (call?.type !== 'call' || !/Use keyword arguments/.test(call.text)) continue;
      let fn = node.parent;
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      let owner = fn?.parent;
      while (owner && owner.type !== 'function_definition' && owner.type !== 'class_definition') owner = owner.parent;
      const symbol = [owner?.childForFieldName('name')?.text, fn?.childForFieldName('name')?.text].filter(Boolean).join('.');
      return { kind: 'positional', key: 'positional', file: path, line: line(node), symbol, error: callName(call) };
    }
  }
  return { kind: 'positional', key: 'positional', file: null };
}

/** BaseOperator.__init__: what happens to keyword arguments it does not know. */
function unknownKwargsFact(baseOperator) {
  const init = members(baseOperator).methods.get('__init__');
  const body = init.childForFieldName('body');
  for (const node of walk(body)) {
    if (node.type !== 'if_statement') continue;
    const condition = node.childForFieldName('condition').text;
    if (!/^(args or kwargs|kwargs)$/.test(condition)) continue;
    const consequence = node.childForFieldName('consequence');
    const raise = [...walk(consequence)].find((n) => n.type === 'raise_statement');
    const warn = [...walk(consequence)].find((n) => n.type === 'call' && /^(warnings\.)?warn$/.test(callName(n)));
    const optOut = /ALLOW_ILLEGAL_ARGUMENTS/i.test(consequence.text) ? '[operators] allow_illegal_arguments' : null;
    return {
      raises: raise ? callName(named(raise)[0]) : null,
      warns: warn ? (keywordArg(warn, 'category')?.text ?? 'UserWarning') : null,
      optOut,
      line: line(node),
    };
  }
  return null;
}

const ROOT_CLASSES = ['PythonVirtualenvOperator', 'ExternalPythonOperator', 'BranchPythonVirtualenvOperator', 'BranchExternalPythonOperator'];
const DECORATORS = ['virtualenv', 'external_python', 'branch_virtualenv', 'branch_external_python'];

/** Finds a class by name as seen from `path` (defined there or imported from another airflow module). */
function resolveClass(checkout, path, name) {
  const root = parseFile(checkout, path);
  if (!root) return undefined;
  const local = topLevelClasses(root).get(name);
  if (local) return { path, node: local };
  const source = imports(root).get(name);
  if (!source?.startsWith('airflow.')) return undefined;
  const target = moduleFile(checkout, source);
  if (!target || target.rest.length !== 1 || target.path === path) return undefined;
  return resolveClass(checkout, target.path, target.rest[0]);
}

/** The class a TaskFlow decorator builds: follows `decorated_operator_class=` through at most three calls. */
function decoratedClass(checkout, path, fnNode, depth = 0) {
  if (depth > 3) return undefined;
  for (const node of walk(fnNode.childForFieldName('body'))) {
    if (node.type !== 'call') continue;
    const cls = keywordArg(node, 'decorated_operator_class');
    if (cls) return resolveClass(checkout, path, cls.text) ? { ...resolveClass(checkout, path, cls.text), name: cls.text } : undefined;
  }
  const root = parseFile(checkout, path);
  const bound = imports(root);
  for (const node of walk(fnNode.childForFieldName('body'))) {
    if (node.type !== 'call' || node.childForFieldName('function').type !== 'identifier') continue;
    const name = callName(node);
    const local = topLevelFunctions(root).get(name);
    if (local && local.id !== fnNode.id) {
      const found = decoratedClass(checkout, path, local, depth + 1);
      if (found) return found;
    }
    const source = bound.get(name);
    const target = source?.startsWith('airflow.') ? moduleFile(checkout, source) : undefined;
    const fn = target && target.rest.length === 1 ? topLevelFunctions(parseFile(checkout, target.path)).get(target.rest[0]) : undefined;
    if (fn) {
      const found = decoratedClass(checkout, target.path, fn, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** What `airflow.decorators.task` offers for the four virtualenv decorators, and the class each builds. */
function decoratorFacts(checkout) {
  if (checkout.has('airflow/decorators.py')) {
    const root = parseFile(checkout, 'airflow/decorators.py');
    const source = imports(root).get('task') ?? null;
    return { kind: 'decorators', key: 'airflow.decorators', file: 'airflow/decorators.py', task: source ? `function ${source}` : null, decorators: {} };
  }
  const path = 'airflow/decorators/__init__.py';
  const root = parseFile(checkout, path);
  if (!root) return { kind: 'decorators', key: 'airflow.decorators', file: null, task: null, decorators: {} };
  let taskClass;
  for (const statement of named(root)) {
    const assignment = statement.type === 'expression_statement' ? named(statement)[0] : undefined;
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left').text === 'task' && assignment.childForFieldName('right')?.type === 'call') {
      taskClass = callName(assignment.childForFieldName('right'));
    }
  }
  const decorators = {};
  const visited = new Set();
  const visitClass = (classPath, className) => {
    const found = resolveClass(checkout, classPath, className);
    if (!found || visited.has(`${found.path}:${className}`)) return;
    visited.add(`${found.path}:${className}`);
    const { methods, assignments } = members(found.node);
    for (const name of DECORATORS) {
      if (decorators[name]) continue;
      let implementation;
      if (methods.has(name)) implementation = { path: found.path, fn: methods.get(name), via: `${className}.${name}` };
      const assigned = assignments.get(name);
      if (assigned?.type === 'call' && callName(assigned) === 'staticmethod') {
        const fnName = callArgs(assigned)[0].text;
        const source = imports(parseFile(checkout, found.path)).get(fnName);
        const target = source ? moduleFile(checkout, source) : undefined;
        const fn = target ? topLevelFunctions(parseFile(checkout, target.path)).get(target.rest[0]) : topLevelFunctions(parseFile(checkout, found.path)).get(fnName);
        if (fn) implementation = { path: target?.path ?? found.path, fn, via: fnName };
      }
      if (!implementation) continue;
      const cls = decoratedClass(checkout, implementation.path, implementation.fn);
      const { params, keywordOnly } = signature(implementation.fn);
      decorators[name] = { via: implementation.via, file: implementation.path, line: line(implementation.fn), decoratedClass: cls?.name ?? null, classFile: cls?.path ?? null, params, keywordOnly };
    }
    for (const base of found.node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base.type === 'identifier') visitClass(found.path, base.text);
    }
  };
  if (taskClass) visitClass(path, taskClass);
  return { kind: 'decorators', key: 'airflow.decorators', file: path, task: taskClass ? `class ${taskClass}` : null, decorators };
}

/** Keyword arguments the decorator machinery passes to the operator itself (a user may not pass them again). */
function decoratorCallFact(checkout) {
  const path = 'airflow/decorators/base.py';
  const root = parseFile(checkout, path);
  if (!root) return undefined;
  for (const node of walk(root, { intoDefinitions: true })) {
    if (node.type !== 'call' || !/^(self\.operator_class|decorated_operator_class)$/.test(callName(node))) continue;
    if (!callArgs(node).some((arg) => arg.type === 'dictionary_splat')) continue;
    const reserved = callArgs(node).filter((arg) => arg.type === 'keyword_argument').map((arg) => arg.childForFieldName('name').text);
    return { kind: 'decoratorCall', key: 'decoratorCall', file: path, line: line(node), reserved };
  }
  return undefined;
}

/** One module path: missing, a real module, a deprecation shim, or an entry of a deprecated-class map. */
function moduleFacts(checkout, defined) {
  const facts = [];
  const shimOrModule = (dotted, path) => {
    const root = parseFile(checkout, path);
    if (!root) return undefined;
    const classes = [...topLevelClasses(root).keys()].filter((name) => ROOT_CLASSES.includes(name) || name === 'PythonOperator');
    const warn = named(root).map((s) => (s.type === 'expression_statement' ? named(s)[0] : undefined)).find((n) => n?.type === 'call' && /^(warnings\.)?warn$/.test(callName(n)));
    if (classes.length) return { kind: 'module', key: dotted, file: path, status: 'module', exports: classes.filter((c) => defined.has(c) || c === 'PythonOperator').sort() };
    const reexported = [...imports(root).entries()].filter(([, source]) => source.startsWith('airflow.operators.')).map(([local]) => local).sort();
    return { kind: 'module', key: dotted, file: path, status: warn ? 'shim' : 'module', exports: reexported, ...(warn ? { warning: callArgs(warn).filter((a) => a.type !== 'keyword_argument')[1]?.text ?? 'UserWarning', line: line(warn) } : {}) };
  };
  const deprecatedMap = (() => {
    const root = parseFile(checkout, 'airflow/operators/__init__.py');
    if (!root) return undefined;
    for (const node of walk(root)) {
      if (node.type === 'assignment' && node.childForFieldName('left').text === '__deprecated_classes') return node.childForFieldName('right');
    }
    return undefined;
  })();
  const mapEntry = (module) => {
    if (!deprecatedMap) return undefined;
    for (const pair of named(deprecatedMap).filter((n) => n.type === 'pair')) {
      if (stringValue(pair.childForFieldName('key')) !== module) continue;
      const names = named(pair.childForFieldName('value')).filter((n) => n.type === 'pair').map((n) => [stringValue(n.childForFieldName('key')), stringValue(n.childForFieldName('value')) ?? stringValue(named(n.childForFieldName('value'))[0])]);
      return { line: line(pair), names: Object.fromEntries(names.sort(([a], [b]) => (a < b ? -1 : 1))) };
    }
    return undefined;
  };
  for (const [dotted, path, mapKey] of [
    ['airflow.operators.python_operator', 'airflow/operators/python_operator.py', 'python_operator'],
    ['airflow.operators.python', 'airflow/operators/python.py', 'python'],
  ]) {
    const direct = shimOrModule(dotted, path);
    const entry = mapEntry(mapKey);
    if (direct) facts.push(direct);
    else if (entry) facts.push({ kind: 'module', key: dotted, file: 'airflow/operators/__init__.py', line: entry.line, status: 'deprecated-class-map', exports: Object.keys(entry.names), targets: entry.names });
    else facts.push({ kind: 'module', key: dotted, file: null, status: 'missing' });
  }
  const decorators = checkout.has('airflow/decorators.py') ? 'airflow/decorators.py' : checkout.has('airflow/decorators/__init__.py') ? 'airflow/decorators/__init__.py' : null;
  facts.push(decorators ? { kind: 'module', key: 'airflow.decorators', file: decorators, status: 'module' } : { kind: 'module', key: 'airflow.decorators', file: null, status: 'missing' });
  facts.push(checkout.has('airflow/sdk/__init__.py') ? { kind: 'module', key: 'airflow.sdk', file: 'airflow/sdk/__init__.py', status: 'module' } : { kind: 'module', key: 'airflow.sdk', file: null, status: 'missing' });
  return facts;
}

/** Python versions: trove classifiers, requires-python, and the README "Requirements" table. */
function pythonFact(checkout) {
  const classifiers = new Set();
  const classifierFiles = [];
  let requiresPython = null;
  for (const path of ['setup.py', 'setup.cfg', 'pyproject.toml']) {
    const text = checkout.read(path);
    if (!text) continue;
    let found = false;
    for (const match of text.matchAll(/Programming Language :: Python :: (\d+\.\d+)/g)) {
      classifiers.add(match[1]);
      found = true;
    }
    if (found) classifierFiles.push(path);
    const requires = text.match(/^\s*(?:requires-python\s*=\s*"([^"]+)"|python_requires\s*=\s*([^\n#]+?)\s*$|python_requires\s*=\s*'([^']+)')/m)
      ?? text.match(/python_requires\s*=\s*['"]([^'"]+)['"]/);
    if (requires && requiresPython === null) requiresPython = { file: path, value: (requires[1] ?? requires[2] ?? requires[3]).replace(/^['"]|['",]+$/g, '') };
  }
  const readme = {};
  const text = checkout.read('README.md') ?? '';
  const table = text.split('\n');
  for (let index = 0; index < table.length; index++) {
    const header = table[index];
    if (!/^\|.*version \(/i.test(header)) continue;
    const row = table.slice(index + 1, index + 4).find((candidate) => /^\|\s*Python\s*\|/.test(candidate));
    if (!row) continue;
    const heads = header.split('|').slice(1, -1).map((cell) => cell.trim());
    const cells = row.split('|').slice(1, -1).map((cell) => cell.trim());
    heads.forEach((head, column) => {
      const version = head.match(/\((\d+\.\d+\.\d+)\)/)?.[1];
      if (version && cells[column]) readme[version] = cells[column].split(/,\s*/).filter((v) => /^\d+\.\d+$/.test(v));
    });
    break;
  }
  return {
    kind: 'python', key: 'python',
    classifiers: [...classifiers].sort(compareVersions), classifierFiles,
    requiresPython,
    readme: Object.keys(readme).length ? Object.fromEntries(Object.entries(readme).sort(([a], [b]) => compareVersions(a, b))) : null,
  };
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

/** All facts of one pinned commit. */
function factsOf(commit) {
  const checkout = new Checkout(commit);
  const facts = [];
  // Classes: the four operators, the classes the decorators build, BaseOperator, and every base
  // on the way that lives in an airflow module (BaseOperator's own bases are not followed).
  const operatorFile = checkout.has('airflow/operators/python.py') ? 'airflow/operators/python.py' : 'airflow/operators/python_operator.py';
  const decorators = decoratorFacts(checkout);
  const queue = [...ROOT_CLASSES.map((name) => [operatorFile, name]), ...Object.values(decorators.decorators).filter((d) => d.decoratedClass).map((d) => [d.classFile, d.decoratedClass]), ['airflow/models/baseoperator.py', 'BaseOperator']];
  const seen = new Map();
  while (queue.length) {
    const [path, name] = queue.shift();
    const found = resolveClass(checkout, path, name);
    if (!found || seen.has(name)) continue;
    const fact = classFacts(checkout, found.path, found.node);
    seen.set(name, fact);
    if (name === 'BaseOperator') {
      fact.bases = [];
      fact.unknownKwargs = unknownKwargsFact(found.node);
      continue;
    }
    // Bases are followed inside airflow/operators and airflow/decorators only (mixins such as
    // SkipMixin add no __init__ parameters).
    for (const base of fact.bases) {
      const next = resolveClass(checkout, found.path, base);
      if (next && (/^airflow\/(operators|decorators)\//.test(next.path) || base === 'BaseOperator')) queue.push([found.path, base]);
    }
  }
  facts.push(...[...seen.values()]);
  facts.push(...moduleFacts(checkout, new Set(seen.keys())));
  facts.push(decorators);
  const call = decoratorCallFact(checkout);
  if (call) facts.push(call);
  facts.push(positionalFact(checkout));
  const utils = parseFile(checkout, 'airflow/utils/python_virtualenv.py');
  const generate = utils ? topLevelFunctions(utils).get('_generate_virtualenv_cmd') : undefined;
  if (generate) facts.push({ kind: 'venvCommand', key: 'venvCommand', file: 'airflow/utils/python_virtualenv.py', ...venvCommand(generate) });
  facts.push(pythonFact(checkout));
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Output: one fact per line, consecutive tags with equal facts merged into from/to ranges
// (line numbers are compared out, and kept from the first tag of a range).

const FIRST_KEYS = ['kind', 'key', 'from', 'to', 'file', 'line'];
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => {
      const ia = FIRST_KEYS.indexOf(a);
      const ib = FIRST_KEYS.indexOf(b);
      if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return Object.fromEntries(keys.filter((key) => value[key] !== undefined).map((key) => [key, canonical(value[key])]));
  }
  return value;
}

/** The fact without its line numbers, for comparing one tag with the next. */
function withoutLines(value) {
  if (Array.isArray(value)) return value.map((item) => (Array.isArray(item) && typeof item.at(-1) === 'number' && item.length === 4 ? item.slice(0, 3) : withoutLines(item)));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'line').map(([key, item]) => [key, withoutLines(item)]));
  return value;
}

export async function generate() {
  verifyPins();
  await loadParser();
  const merged = [];
  const open = new Map(); // kind:key -> the range still open
  PINS.forEach(([tag, commit], index) => {
    const facts = factsOf(commit);
    const keys = new Set();
    for (const fact of facts) {
      const id = `${fact.kind}:${fact.key}`;
      if (keys.has(id)) throw new Error(`${tag}: two facts ${id}`);
      keys.add(id);
      const previous = open.get(id);
      const comparable = JSON.stringify(withoutLines(canonical(fact)));
      if (previous && previous.index === index - 1 && previous.comparable === comparable) {
        previous.fact.to = tag;
        previous.index = index;
        continue;
      }
      const entry = { fact: { ...fact, from: tag, to: tag }, index, comparable };
      merged.push(entry);
      open.set(id, entry);
    }
  });
  const pins = PINS.map(([tag, commit]) => ({ tag, version: tag.replace(/_.*$/, ''), commit }));
  const lines = [
    '{',
    `  "about": ${JSON.stringify('Facts read from Apache Airflow source at pinned release tags by server/scripts/airflow-facts.mjs (stage 1). Names, defaults as short literal text, versions and citations only. Ranges: from/to are tags of the pins list; line numbers are those of the first tag.')},`,
    '  "pins": [',
    pins.map((pin) => `    ${JSON.stringify(canonical(pin))}`).join(',\n'),
    '  ],',
    '  "facts": [',
    merged.map(({ fact }) => `    ${JSON.stringify(canonical(fact))}`).join(',\n'),
    '  ]',
    '}',
    '',
  ];
  return lines.join('\n');
}

const text = await generate();
if (check) {
  let committed = '';
  try {
    committed = readFileSync(OUTPUT, 'utf8');
  } catch {
    // missing: stale
  }
  if (committed !== text) {
    console.error(`${OUTPUT} differs from what the pinned tags give; rerun without --check`);
    process.exit(1);
  }
  console.log(`${OUTPUT} is up to date (${PINS.length} tags)`);
} else {
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT} (${PINS.length} tags)`);
}
