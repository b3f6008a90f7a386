/** Versions installed in interpreters that "Verify Interpreter" probed. */
import { normalizeName, type InterpreterLookup } from '../analysis/index.js';
import type { VersionResult, VersionSource } from './source.js';

export class InterpreterSource implements VersionSource {
  readonly kind = 'interpreter' as const;

  /** `commands()` lists the interpreters worth asking, most relevant first. */
  constructor(private readonly lookup: InterpreterLookup, private readonly commands: () => readonly string[]) {}

  async versionsFor(normalizedName: string): Promise<VersionResult> {
    for (const command of this.commands()) {
      const result = this.lookup(command);
      if (!result?.ok) continue;
      const found = result.info.distributions.find((distribution) => normalizeName(distribution.name) === normalizedName);
      if (found) return { versions: [found.version], source: `${command} (installed)` };
    }
    return undefined;
  }
}
