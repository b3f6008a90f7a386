/**
 * `requirements=` becomes a RequirementsModel: a list (each string one or more
 * requirement lines), one string, or a `*.txt` file Airflow renders as a template
 * and the host reads.
 */
import { seenFile } from '../incremental/task-reuse.js';
import type { ArgumentModel, RequirementEntry, RequirementsFile, RequirementsModel, Span, StringValue, Value } from '../model.js';
import { LineIndex } from '../parse/positions.js';
import { readThrough, type TaskContext } from './lookups.js';
import { parseRequirementLines } from './requirement-lines.js';
import { dirname, join } from 'node:path';

export function requirementsOf(context: TaskContext, argument: ArgumentModel | undefined, templateExtensions: Value | undefined = undefined): RequirementsModel | undefined {
  const model = collectRequirements(context, argument, templateExtensions);
  // Built by push, the list has room for 17 entries; the server keeps every open DAG's requirements.
  if (model && model.entries.length > 0) model.entries = model.entries.slice();
  return model;
}

function collectRequirements(context: TaskContext, argument: ArgumentModel | undefined, templateExtensions: Value | undefined): RequirementsModel | undefined {
  if (!argument) return undefined;
  const value = argument.value;
  const model: RequirementsModel = { span: value.span, entries: [], complete: true, file: undefined, files: [], templated: [], literal: undefined, quote: '"' };
  if (value.kind === 'none') return model;
  const extensions = templateExtensionsOf(templateExtensions);
  if (!extensions) model.complete = false;
  // Airflow's Templater: `str.endswith(tuple(template_ext))`, case-sensitive and untrimmed (airflow/template/templater.py).
  const isFile = (text: string) => extensions?.some((extension) => text.endsWith(extension)) ?? false;
  const addLines = (entries: RequirementEntry[]) => {
    for (const entry of entries) {
      if (JINJA.test(entry.text)) {
        model.templated.push(entry.span);
        model.complete = false;
      } else model.entries.push(entry);
    }
  };
  const addFile = (name: string, span: Span) => {
    const file = readRequirementsFile(context, name, span);
    model.files.push(file);
    model.file ??= file;
    if (!file.source) {
      model.complete = false;
      return;
    }
    const fileSource = file.source;
    const entries = parseRequirementLines(fileSource.text, { source: fileSource, start: 0, end: fileSource.text.length }, true);
    for (const entry of entries) entry.element = entry.span;
    addLines(entries);
  };
  if (value.kind === 'string') {
    if (isFile(value.value) && !JINJA.test(value.value)) {
      addFile(value.value, value.span);
      return model;
    }
    model.quote = value.quote;
    if (JINJA.test(value.value) && value.value.includes('\n') === false) {
      model.templated.push(value.span);
      model.complete = false;
      return model;
    }
    addLines(parseRequirementLines(value.value, value.exact ? value.contentSpan : value.span, value.exact));
    return model;
  }
  if (value.kind !== 'sequence') {
    model.complete = false;
    return model;
  }
  model.complete = value.complete;
  model.literal = value.literal;
  const firstString = value.items.find((item): item is Extract<Value, { kind: 'string' }> => item.kind === 'string');
  if (firstString) model.quote = firstString.quote;
  for (const item of value.items) {
    if (item.kind !== 'string') {
      model.complete = false;
      continue;
    }
    // Templater.render_template recurses into lists: an item ending in a template extension is a file too.
    if (isFile(item.value) && !JINJA.test(item.value)) {
      addFile(item.value, item.span);
      continue;
    }
    const entries = parseRequirementLines(item.value, item.exact ? item.contentSpan : item.span, item.exact);
    if (entries.length === 1) entries[0]!.element = item.span;
    addLines(entries);
  }
  return model;
}

/** Jinja syntax Airflow renders before pip sees the text (`{{ ... }}`, `{% ... %}`, `{# ... #}`). */
const JINJA = /\{\{|\{%|\{#/;

/**
 * The extensions Airflow reads as template files: `(".txt",)` (PythonVirtualenvOperator.template_ext),
 * replaced by `templates_exts=` when given (PythonOperator.__init__). Undefined when `templates_exts`
 * is not statically known.
 */
function templateExtensionsOf(value: Value | undefined): string[] | undefined {
  if (!value || value.kind === 'none') return ['.txt'];
  if (value.kind === 'string') return [value.value];
  if (value.kind !== 'sequence' || !value.complete) return undefined;
  const strings = value.items.filter((item): item is StringValue => item.kind === 'string');
  return strings.length === value.items.length ? strings.map((item) => item.value) : undefined;
}

/**
 * Airflow renders a `*.txt` requirements value as a Jinja template looked up in the DAG's folder
 * (the DAG's template search path). Jinja's FileSystemLoader (jinja2/loaders.py,
 * `split_template_path`) splits the name on "/", drops empty and "." parts and refuses any ".."
 * part with TemplateNotFound; a leading "/" is therefore still relative to the DAG folder.
 * So nothing outside the DAG folder is ever read.
 */
export function templatePath(name: string): string[] | undefined {
  const parts: string[] = [];
  for (const part of name.split(/[\\/]/)) {
    if (part === '..') return undefined;
    if (part !== '' && part !== '.') parts.push(part);
  }
  return parts.length > 0 ? parts : undefined;
}

function readRequirementsFile(context: TaskContext, name: string, span: Span): RequirementsFile {
  const dagPath = context.source.path;
  const parts = templatePath(name);
  const path = dagPath && parts ? join(dirname(dagPath), ...parts) : name;
  const file: RequirementsFile = { name, span, path, source: undefined, error: undefined };
  if (!parts) {
    file.error = 'Jinja refuses template paths with ".." (TemplateNotFound), so Airflow never reads it';
    return file;
  }
  if (!dagPath) {
    file.error = 'the DAG file is not saved, so its folder is unknown';
    return file;
  }
  const result = readThrough(context.options, path, dirname(dagPath));
  context.dependencies.files.set(path, seenFile(result));
  if ('error' in result) {
    file.error = result.error;
    if (result.declined) file.declined = true;
  }
  else file.source = { path, text: result.text, lines: new LineIndex(result.text) };
  return file;
}
