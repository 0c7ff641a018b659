import { CAP, corruptReason, readStateFile } from '../util/bounded-read.js';
import { Ajv } from 'ajv';
import { ResourceSnapshotJobStatusValues, TaskStatusValues } from '../model/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CosellError } from '../util/errors.js';
import { CATALOGS, emptyCatalog, type CatalogName, type Job, type Task, type TaskTarget, type World } from './state.js';

/**
 * The state file: the whole world but the credentials (which always come from the seed), as
 * JSON. It is written whole, to a temporary file that is then renamed over the old one, so a
 * reader or a crash never sees half of it.
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

const str = { type: 'string' };
const int = { type: 'integer', minimum: 0 };
const strList = { type: 'array', items: str };
const tags = {
  type: 'array',
  items: { type: 'object', required: ['Key', 'Value'], properties: { Key: str, Value: str }, additionalProperties: false },
};
const target = {
  type: 'object',
  required: ['id', 'failures'],
  properties: { id: str, failWith: str, failTimes: int, failures: int, engagement: str, snapshotFailure: str },
  additionalProperties: false,
};
const job = {
  type: 'object',
  required: ['id', 'seq', 'engagement', 'opportunity', 'template', 'status', 'createdAt', 'tags'],
  properties: {
    id: str,
    seq: int,
    engagement: str,
    opportunity: str,
    template: str,
    status: { enum: [...ResourceSnapshotJobStatusValues] },
    createdAt: int,
    lastSuccessAt: int,
    lastRunAt: int,
    lastFailure: str,
    lastFailureAt: int,
    tags,
  },
  additionalProperties: false,
};
const task = {
  type: 'object',
  required: ['id', 'seq', 'kind', 'target', 'status', 'startTime', 'completesAt', 'tags'],
  properties: {
    id: str,
    seq: int,
    kind: { enum: ['invitation', 'opportunity'] },
    target: str,
    status: { enum: [...TaskStatusValues] },
    startTime: int,
    completesAt: int,
    tags,
    involvementType: str,
    visibility: str,
    reasonCode: str,
    message: str,
    opportunityId: str,
    engagementId: str,
    jobId: str,
  },
  additionalProperties: false,
};
const catalog = {
  type: 'object',
  required: ['engagements', 'opportunities', 'invitations', 'jobs', 'tasks'],
  properties: {
    engagements: strList,
    opportunities: { type: 'array', items: target },
    invitations: { type: 'array', items: target },
    jobs: { type: 'array', items: job },
    tasks: { type: 'array', items: task },
  },
  additionalProperties: false,
};
const STATE_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'account', 'templates', 'seq', 'catalogs', 'clientTokens'],
  properties: {
    format: { const: FORMAT },
    version: { const: VERSION },
    account: { type: 'string', pattern: '^[0-9]{12}$' },
    templates: strList,
    seq: int,
    catalogs: {
      type: 'object',
      propertyNames: { enum: [...CATALOGS] },
      additionalProperties: catalog,
    },
    clientTokens: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'fingerprint', 'output'],
        properties: { key: str, fingerprint: str, output: { type: 'object' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

let validateState: ReturnType<Ajv['compile']> | undefined;

export function worldFromJson(value: unknown): World {
  validateState ??= new Ajv({ allErrors: false }).compile(STATE_SCHEMA);
  if (!validateState(value)) {
    const e = validateState.errors?.[0];
    throw new Error(`${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}`);
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
      throw new Error(`cannot write emulator state ${this.path}: ${(err as Error).message}`);
    }
  }
}
