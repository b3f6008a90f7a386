// The shapes of the Airflow release table's inputs (airflow-facts.json, read out of Airflow's source
// by airflow-facts.mjs; airflow-hand-facts.json) and of its segments, for its generator
// airflow-table.ts. The runtime reads the output through server/src/analysis/knowledge/
// airflow-release-table.ts, whose types mirror the output shapes.

// ---------------------------------------------------------------------------------------------
// Input shapes

export type Param = [string, string | null];
export interface Signature { line?: number; params: Param[]; keywordOnly: string; varArgs?: boolean; varKwargs: boolean }
export type Branch = [string, string, string, number?];
export interface VenvCommandFact { function: string; line: number; argv: string[]; options: [string, string | null][] }
export interface FactBase { kind: string; key: string; from: string; to: string; file?: string | null; line?: number }
/** What a class is, whether read from Airflow's source or written by hand. */
export interface ClassBody {
  bases: string[];
  init: Signature | null;
  templateFields?: string[];
  templateExt?: string[];
  warns?: Branch[];
  raises?: Branch[];
}
export interface ClassFact extends FactBase, ClassBody {
  kind: 'class';
  kwargsPopped?: string[];
  venvInstallCheck?: { checks: string[]; error: string; line: number };
  pythonBin?: { withVersion: string | null; otherwise: string | null; line: number };
  venvCommand?: VenvCommandFact;
  unknownKwargs?: { raises: string | null; warns: string | null; optOut: string | null; line: number } | null;
}
export interface ModuleFact extends FactBase { kind: 'module'; status: string; exports?: string[]; targets?: Record<string, string>; warning?: string }
export interface DecoratorsFact extends FactBase {
  kind: 'decorators';
  task: string | null;
  decorators: Record<string, { via: string; file: string; line: number; decoratedClass: string | null; params: Param[]; keywordOnly: string }>;
}
export interface DecoratorCallFact extends FactBase { kind: 'decoratorCall'; reserved: string[] }
export interface PositionalFact extends FactBase { kind: 'positional'; error?: string; symbol?: string }
export type VenvCommandKind = Omit<FactBase, 'line'> & VenvCommandFact & { kind: 'venvCommand' };
export interface PythonFact extends FactBase {
  kind: 'python';
  classifiers: string[];
  classifierFiles: string[];
  requiresPython: { file: string; value: string } | null;
  readme: Record<string, string[]> | null;
}
export type Fact = ClassFact | ModuleFact | DecoratorsFact | DecoratorCallFact | PositionalFact | VenvCommandKind | PythonFact;
export interface Facts { pins: { tag: string; version: string; commit: string }[]; facts: Fact[] }

export interface Source { repo: string; path?: string; commit?: string; issue?: number; pull?: number; note?: string }
export interface HandBase { from: string; to: string; basis: 'code' | 'changelog' | 'inferred'; source: string; note?: string }
export interface HandClass extends HandBase, ClassBody {
  key: string;
  pythonBin?: { withVersion: string; otherwise: string | null };
  unknownKwargs?: { raises: string | null; warns: string | null; optOut: string | null };
}
export interface HandFacts {
  sources: Record<string, Source>;
  providerReleases: { version: string; airflowMin: string; basis: string; source: string; note?: string }[];
  providerClasses: HandClass[];
  providerDecorators: (HandBase & { key: string; decoratedClass: string; params: Param[] })[];
  providerVenv: (HandBase & { creator: string; argv: string[]; options: [string, string | null][]; alternative: Record<string, unknown>; needsVirtualenv: string[] })[];
  providerBehaviours: { key: string; from: string; basis: string; source: string; note?: string; value?: string; before?: string }[];
  airflow3: {
    releases: { version: string; note?: string }[];
    python: (HandBase & { versions: string[] })[];
    modules: (HandBase & { key: string; status: string; exports?: string[]; target?: string })[];
    decorators: (HandBase & { key: string; modules: string[]; providerMin: string })[];
    classes: HandClass[];
    decoratorCall: HandBase & { reserved: string[] };
    positional: HandBase & { error: string };
  };
}

// ---------------------------------------------------------------------------------------------
// Output shapes (mirrored by server/src/analysis/knowledge/airflow-release-table.ts)

export type Cite =
  | { tag: string; file: string; line?: number; symbol?: string; note?: string }
  | { source: string; basis: string; note?: string };

export type Segment = { key?: string; scope?: string; from: string; to: string; cite: Cite } & Record<string, unknown>;
