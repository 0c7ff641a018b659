import { CAP, corruptReason, readStateFile } from '../util/bounded-read.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CosellError } from '../util/errors.js';
import { validateEmulatorState } from './state-validator.generated.js';
import { CATALOGS, emptyCatalog, type CatalogName, type Job, type Task, type TaskTarget, type World } from './state.js';

/**
 * The state file: the whole world but the credentials (which always come from the seed), as
 * JSON. Its format is schemas/emulator-state.schema.json (test/emulator/persist.test.ts holds its
 * enums to the model's). It is written whole, to a temporary file that is then renamed over the
 * old one, so a reader or a crash never sees half of it.
 */
const FORMAT = 'cosell-emulator-state';
const VERSION = 1;

interface CatalogJson {
  engagements: string[];
  opportunities: TaskTarget[];
  invitations: TaskTarget[];
  jobs: Job[];
  tasks: Task[];
}

interface StateJson {
  format: typeof FORMAT;
  version: typeof VERSION;
  account: string;
  templates: string[];
  seq: number;
  catalogs: Record<CatalogName, CatalogJson>;
  clientTokens: { key: string; fingerprint: string; output: Record<string, unknown> }[];
}

export function worldToJson(world: World): StateJson {
  const catalogs = {} as Record<CatalogName, CatalogJson>;
  for (const [name, c] of world.catalogs)
    catalogs[name] = {
      engagements: [...c.engagements],
      opportunities: [...c.opportunities.values()],
      invitations: [...c.invitations.values()],
      jobs: [...c.jobs.values()],
      tasks: [...c.tasks.values()],
    };
  return {
    format: FORMAT,
    version: VERSION,
    account: world.account,
    templates: [...world.templates],
    seq: world.seq,
    catalogs,
    clientTokens: [...world.clientTokens].map(([key, r]) => ({ key, ...r })),
  };
}

/** Why a state file's content is not a world: the first place it breaks the schema. */
export class StateShapeError extends CosellError {}

export function worldFromJson(value: unknown): World {
  // The schema (schemas/emulator-state.schema.json) is compiled at build time.
  if (!validateEmulatorState(value)) {
    const e = validateEmulatorState.errors?.[0];
    throw new StateShapeError(`${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}`);
  }
  const json = value as StateJson;
  const world: World = {
    account: json.account,
    templates: new Set(json.templates),
    catalogs: new Map(),
    clientTokens: new Map(json.clientTokens.map(({ key, fingerprint, output }) => [key, { fingerprint, output }])),
    seq: json.seq,
  };
  for (const name of CATALOGS) {
    const c = json.catalogs[name];
    const w = emptyCatalog();
    if (c) {
      for (const e of c.engagements) w.engagements.add(e);
      for (const o of c.opportunities) w.opportunities.set(o.id, o);
      for (const i of c.invitations) w.invitations.set(i.id, i);
      for (const j of c.jobs) w.jobs.set(j.id, j);
      for (const t of c.tasks) w.tasks.set(t.id, t);
    }
    world.catalogs.set(name, w);
  }
  return world;
}

/** The world saved in `path`, or undefined when there is no such file. A corrupt file is an error. */
export async function loadState(path: string): Promise<World | undefined> {
  const text = await readStateFile(path, CAP.emulatorState, 'the emulator state');
  if (text === undefined) return undefined;
  try {
    return worldFromJson(JSON.parse(text));
  } catch (err) {
    throw new CosellError(
      `emulator state ${path} is corrupt (${corruptReason(err)}); it was left untouched: ` +
        'repair it, or move it away to start again from the seed',
    );
  }
}

/**
 * Saves the world after each change. Writes never overlap; a save asked for while one is under
 * way is served by one more write that starts when it ends, so a burst of changes costs two.
 */
export class StateWriter {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly world: () => World,
  ) {}

  save(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    this.queued = queued;
    return queued;
  }

  private start(): Promise<void> {
    const text = JSON.stringify(worldToJson(this.world()));
    const run = this.write(text).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async write(text: string): Promise<void> {
    try {
      await writeFileAtomic(this.path, `${text}\n`, { mode: 0o600 });
    } catch (err) {
      throw new CosellError(`cannot write emulator state ${this.path}: ${(err as Error).message}`);
    }
  }
}
