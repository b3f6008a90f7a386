/**
 * Turns pin requests into fixes: asks the configured sources in order
 * (constraints file > verified interpreter > package index), keeps the newest
 * version each allows that still satisfies the requirement's own specifiers,
 * and offers one fix per distinct answer, the preferred source first.
 */
import { maxSatisfying } from '@renovatebot/pep440';
import type { Finding, Fix, PinRequest } from '../analysis/index.js';
import type { VersionResult, VersionSource } from './source.js';

export interface PinAnswer {
  version: string;
  source: string;
  kind: VersionSource['kind'];
}

export class Pinner {
  private readonly answers = new Map<string, Promise<VersionResult>>();
  /** Why a source could not answer, once per message (for the output channel / stderr). */
  readonly problems = new Set<string>();

  constructor(readonly sources: readonly VersionSource[]) {}

  private ask(source: VersionSource, name: string, pythonVersion: string | undefined): Promise<VersionResult> {
    const key = `${source.kind}\0${(source as { path?: string }).path ?? ''}\0${name}\0${pythonVersion ?? ''}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = source.versionsFor(name, pythonVersion).catch((error: unknown) => ({ error: (error as Error).message, source: source.kind }));
      this.answers.set(key, answer);
    }
    return answer;
  }

  async pinsFor(request: PinRequest): Promise<PinAnswer[]> {
    const range = request.specifiers.map((specifier) => `${specifier.operator}${specifier.version}`).join(',');
    const pins: PinAnswer[] = [];
    for (const source of this.sources) {
      const result = await this.ask(source, request.normalizedName, request.pythonVersion);
      if (!result) continue;
      if ('error' in result) {
        this.problems.add(`${request.distribution}: ${result.error}`);
        continue;
      }
      const version = range ? maxSatisfying(result.versions, range) : result.versions[0];
      if (!version) {
        if (result.versions.length === 0) this.problems.add(`${request.distribution}: ${result.source} has no release for Python ${request.pythonVersion ?? 'of the task'}`);
        continue;
      }
      if (!pins.some((pin) => pin.version === version)) pins.push({ version, source: result.source, kind: source.kind });
    }
    return pins;
  }

  /** Adds "Pin to ==X (source)" fixes in front of each pinnable finding's fixes. */
  async addPinFixes(findings: readonly Finding[]): Promise<void> {
    await Promise.all(findings.map(async (finding) => {
      if (!finding.pin) return;
      const pins = await this.pinsFor(finding.pin);
      const fixes: Fix[] = pins.map((pin) => ({ title: finding.pin!.title(pin.version, pin.source), safe: finding.pin!.safe, edits: finding.pin!.edits(pin.version) }));
      finding.fixes.unshift(...fixes);
    }));
  }
}
