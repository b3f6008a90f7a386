/**
 * Where pin versions come from. Each source answers "which versions of this
 * distribution may be pinned for a task on Python X.Y", newest first, or says
 * why it cannot; the first source with an answer wins (constraints file >
 * verified interpreter > package index, DESIGN.md "Version sources").
 */
export interface VersionAnswer {
  /** Candidate versions, newest first (already filtered for the task's Python and yanked files). */
  versions: string[];
  /** For people: "constraints-2.10.5/constraints-3.11.txt", "/opt/venv/bin/python", "https://pypi.org/simple/". */
  source: string;
}

export type VersionResult = VersionAnswer | { error: string; source: string } | undefined;

export interface VersionSource {
  readonly kind: 'constraints' | 'interpreter' | 'index';
  /** Undefined: this source knows nothing about the distribution (try the next). */
  versionsFor(normalizedName: string, pythonVersion: string | undefined): Promise<VersionResult>;
}
