/**
 * `requirements=` becomes a RequirementsModel: a list (each string one or more
 * requirement lines), one string, or a `*.txt` file Airflow renders as a template
 * and the host reads.
 */
import { seenFile } from '../incremental/task-reuse.js';
import type { ArgumentModel, RequirementsFile, RequirementsModel, Value } from '../model.js';
import { LineIndex } from '../parse/positions.js';
import { readThrough, type TaskContext } from './lookups.js';
import { parseRequirementLines } from './requirement-lines.js';
import { dirname, join } from 'node:path';

export function requirementsOf(context: TaskContext, argument: ArgumentModel | undefined): RequirementsModel | undefined {
  if (!argument) return undefined;
  const value = argument.value;
  const model: RequirementsModel = { span: value.span, entries: [], complete: true, file: undefined, literal: undefined, quote: '"' };
  if (value.kind === 'none') return model;
  if (value.kind === 'string') {
    if (/\.txt$/i.test(value.value.trim())) {
      model.file = readRequirementsFile(context, value.value.trim());
      if (model.file.source) {
        const fileSource = model.file.source;
        model.entries = parseRequirementLines(fileSource.text, { source: fileSource, start: 0, end: fileSource.text.length }, true);
        for (const entry of model.entries) entry.element = entry.span;
      } else model.complete = false;
      return model;
    }
    model.entries = parseRequirementLines(value.value, value.exact ? value.contentSpan : value.span, value.exact);
    model.quote = value.quote;
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
    const entries = parseRequirementLines(item.value, item.exact ? item.contentSpan : item.span, item.exact);
    if (entries.length === 1) entries[0]!.element = item.span;
    model.entries.push(...entries);
  }
  return model;
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

function readRequirementsFile(context: TaskContext, name: string): RequirementsFile {
  const dagPath = context.source.path;
  const parts = templatePath(name);
  const path = dagPath && parts ? join(dirname(dagPath), ...parts) : name;
  const file: RequirementsFile = { name, path, source: undefined, error: undefined };
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
