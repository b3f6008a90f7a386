import type { RequirementEntry } from '../model.js';
import { groupMemory, MAX_PLACES, placeName, type Report, type Rule } from './rule.js';

export const inconsistentPins: Rule = {
  code: 'VENV211',
  name: 'inconsistent-pins',
  severity: 'info',
  summary: 'The same distribution is pinned to different versions in different tasks',
  docs: {
    what: 'Across every task of a DAG folder (a CLI run over a folder, or the editor\'s workspace mode), flags each `==` pin of a distribution that other tasks pin to a different version, and lists every place as related information. Requirements with an environment marker are left out: they may differ on purpose.',
    why: 'Two versions mean two venvs to build and cache, and code that behaves differently depending on the task it runs in. Drift like this is usually an upgrade done in one DAG and forgotten in the others.',
    example: '# dags/daily.py\n@task.virtualenv(requirements=["pandas==2.2.2"])\n# dags/weekly.py\n@task.virtualenv(requirements=["pandas==2.1.4"])',
    useInstead: '# dags/common/deps.py\nPANDAS = "pandas==2.2.2"\n# both DAGs\n@task.virtualenv(requirements=[PANDAS])',
    fixSafety: 'No fix: which version is right is the author\'s call.',
  },
  checkTasks(tasks, context) {
    const memory = groupMemory(context, 'VENV211');
    // Per distribution, its places in the order first seen, found by file and start offset (no key
    // string per entry and keystroke); a place seen again takes its last entry.
    const pins = new Map<string, { byFile: Map<string, Map<number, { pin: Pin }>>; order: { pin: Pin }[] }>();
    for (const task of tasks) {
      for (const entry of task.requirements?.entries ?? []) {
        const parsed = entry.parsed;
        const pinned = parsed && !parsed.marker ? parsed.specifiers.find((specifier) => specifier.operator === '==' || specifier.operator === '===') : undefined;
        if (!parsed || !pinned || pinned.version.includes('*')) continue;
        // A shared constant or requirements file is one place, whatever the number of tasks reading it.
        let distribution = pins.get(parsed.normalizedName);
        if (!distribution) pins.set(parsed.normalizedName, (distribution = { byFile: new Map(), order: [] }));
        const path = entry.span.source.path ?? '';
        let places = distribution.byFile.get(path);
        if (!places) distribution.byFile.set(path, (places = new Map()));
        const pin = { entry, version: pinned.version };
        const place = places.get(entry.span.start);
        if (place) place.pin = pin;
        else {
          const added = { pin };
          places.set(entry.span.start, added);
          distribution.order.push(added);
        }
      }
    }
    const reports: Report[] = [];
    for (const [name, { order }] of pins) {
      const all = order.map((place) => place.pin);
      const versions = [...new Set(all.map((pin) => pin.version))];
      if (versions.length < 2) continue;
      // The same entries pinned to the same versions on the same lines: the reports of the last keystroke.
      const entries = all.map((pin) => pin.entry);
      const lines = entries.map((entry) => entry.span.source.lines.positionAt(entry.span.start).line);
      reports.push(...memory.reports(name, [entries, all.map((pin) => pin.version), lines], () => pinReports(all)));
    }
    memory.done();
    return reports;
  },
};

/** One report per place of a distribution pinned to different versions. */
function pinReports(all: Pin[]): Report[] {
  const reports: Report[] = [];
  for (const pin of all) {
    // Places pinned differently first: they are the point; then the rest, up to MAX_PLACES.
    const others = [...all.filter((other) => other.version !== pin.version), ...all.filter((other) => other !== pin && other.version === pin.version)];
    const elsewhere = [...new Set(others.filter((other) => other.version !== pin.version).map((other) => other.version))];
    reports.push({
      span: pin.entry.span,
      message: `"${pin.entry.parsed!.name}" is pinned to ${pin.version} here but to ${elsewhere.join(', ')} in ${elsewhere.length === 1 && others.filter((other) => other.version !== pin.version).length === 1 ? 'another task' : 'other tasks'} of the DAG folder. That means two venvs to build, and behaviour that differs by task. Pin one version everywhere (a shared constant helps).`,
      related: others.slice(0, MAX_PLACES).map((other) => ({ span: other.entry.span, message: `pinned to ${other.version} (${placeName(other.entry.span)})` })),
    });
  }
  return reports;
}


interface Pin {
  entry: RequirementEntry;
  version: string;
}
