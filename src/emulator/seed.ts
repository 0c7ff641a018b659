import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { enumValues, validateShape } from '../model/index.js';
import { CosellError } from '../util/errors.js';
import { newId } from './ids.js';
import { executeJob } from './executions.js';
import { CATALOGS, emptyWorld, isCatalogName, nextSeq, type Job, type JobStatus, type World } from './state.js';

/** A credential the emulator accepts. */
export interface SeedCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry it in X-Amz-Security-Token. */
  sessionToken?: string;
  /**
   * When set, the only catalogs this credential may use: an IAM policy conditioned on
   * partnercentral:Catalog. Any other gets AccessDeniedException.
   */
  catalogs?: ('AWS' | 'Sandbox')[];
}

/** An opportunity or invitation a task can start from. */
export interface SeedTaskTarget {
  id: string;
  /** A ReasonCode (e.g. OpportunityValidationFailed) that tasks on it fail with. */
  failWith?: string;
  /** With failWith: fail only the first N tasks, then succeed. */
  failTimes?: number;
}

export interface SeedOpportunity extends SeedTaskTarget {
  /** Every execution of a snapshot job on this opportunity fails with this message (its LastFailure). */
  snapshotFailure?: string;
}

export interface SeedInvitation extends SeedTaskTarget {
  /** The engagement the invitation is for; absent: accepting it creates a new engagement. */
  engagement?: string;
}

/** A resource snapshot job that exists before any call. */
export interface SeedSnapshotJob {
  id?: string;
  engagement: string;
  opportunity: string;
  /** Default OpportunitySummaryView. */
  template?: string;
  /** Default Stopped, as the service creates a job. */
  status?: JobStatus;
  tags?: Record<string, string>;
}

export interface SeedCatalog {
  engagements?: string[];
  opportunities?: (string | SeedOpportunity)[];
  invitations?: (string | SeedInvitation)[];
  snapshotJobs?: SeedSnapshotJob[];
}

/** The emulator's seed: the YAML file's content, or the same object given in-process. */
export interface EmulatorSeed {
  /** 12 digits; default 123456789012. */
  account?: string;
  /** Default: AWS's documented example pair, AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY. */
  credentials?: SeedCredential[];
  /** Snapshot templates that exist; default [OpportunitySummaryView]. */
  templates?: string[];
  catalogs?: { AWS?: SeedCatalog; Sandbox?: SeedCatalog };
}

export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_TEMPLATE = 'OpportunitySummaryView';
export const DEFAULT_CREDENTIALS: readonly SeedCredential[] = [
  { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
];

const MAX_SEED_BYTES = 5 * 1024 * 1024;
const MAX_FAILURE_CHARS = 1000;

type Path = (string | number)[];
interface Problem {
  path: Path;
  message: string;
  /** The problem is the key at the end of `path` itself, not its value. */
  atKey?: boolean;
}

function show(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || 'the seed';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural and model checks of a seed; every problem names the path of the bad value. */
export function checkSeed(seed: unknown, uniqueJobs = true): Problem[] {
  const problems: Problem[] = [];
  const bad = (path: Path, message: string, atKey = false): void => {
    problems.push({ path, message: `${show(path)}: ${message}`, atKey });
  };
  const keysOf = (v: unknown, path: Path, allowed: string[]): v is Record<string, unknown> => {
    if (!isObject(v)) {
      bad(path, 'must be a mapping');
      return false;
    }
    for (const k of Object.keys(v))
      if (!allowed.includes(k)) bad([...path, k], `unknown key "${k}" (expected one of: ${allowed.join(', ')})`, true);
    return true;
  };
  const listOf = (v: unknown, path: Path): v is unknown[] => {
    if (v === undefined) return false;
    if (!Array.isArray(v)) {
      bad(path, 'must be a list');
      return false;
    }
    return true;
  };
  const model = (shapeName: string, v: unknown, path: Path): boolean => {
    const issues = validateShape(shapeName, v, show(path));
    for (const i of issues) problems.push({ path, message: i.Message.replace(/\.$/, '') });
    return issues.length === 0;
  };
  const reasonCodes = enumValues('ReasonCode');
  const target = (v: unknown, path: Path, shapeName: string, extra: string[] = []): string | undefined => {
    if (typeof v === 'string') return model(shapeName, v, path) ? v : undefined;
    if (!keysOf(v, path, ['id', 'failWith', 'failTimes', ...extra])) return undefined;
    if (v.failWith !== undefined && (typeof v.failWith !== 'string' || !reasonCodes.includes(v.failWith)))
      bad([...path, 'failWith'], `must be a ReasonCode, one of: ${reasonCodes.join(', ')}`);
    if (v.failTimes !== undefined && !(Number.isInteger(v.failTimes) && (v.failTimes as number) >= 1))
      bad([...path, 'failTimes'], 'must be a whole number of at least 1');
    if (v.failTimes !== undefined && v.failWith === undefined) bad([...path, 'failTimes'], 'needs failWith');
    if (v.id === undefined) {
      bad(path, 'needs an id');
      return undefined;
    }
    return model(shapeName, v.id, [...path, 'id']) ? (v.id as string) : undefined;
  };

  if (seed === undefined || seed === null) return problems;
  if (!keysOf(seed, [], ['account', 'credentials', 'templates', 'catalogs'])) return problems;
  if (seed.account !== undefined && (typeof seed.account !== 'string' || !/^[0-9]{12}$/.test(seed.account)))
    bad(['account'], 'must be a string of 12 digits (quote it in YAML)');
  if (listOf(seed.credentials, ['credentials'])) {
    if (seed.credentials.length === 0) bad(['credentials'], 'must list at least one credential');
    seed.credentials.forEach((c, i) => {
      const path = ['credentials', i];
      if (!keysOf(c, path, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'catalogs'])) return;
      if (c.catalogs !== undefined && (!Array.isArray(c.catalogs) || !c.catalogs.every((x) => isCatalogName(x))))
        bad([...path, 'catalogs'], `must be a list of catalogs: ${CATALOGS.join(', ')}`);
      if (typeof c.accessKeyId !== 'string' || !/^[A-Z0-9]{4,128}$/.test(c.accessKeyId))
        bad([...path, 'accessKeyId'], 'must be an access key id (capital letters and digits)');
      if (typeof c.secretAccessKey !== 'string' || c.secretAccessKey.length === 0)
        bad([...path, 'secretAccessKey'], 'must be a non-empty string');
      if (c.sessionToken !== undefined && (typeof c.sessionToken !== 'string' || c.sessionToken.length === 0))
        bad([...path, 'sessionToken'], 'must be a non-empty string');
    });
  }
  const templates = new Set<string>([DEFAULT_TEMPLATE]);
  if (listOf(seed.templates, ['templates'])) {
    templates.clear();
    seed.templates.forEach((t, i) => {
      if (model('ResourceTemplateName', t, ['templates', i])) templates.add(t as string);
    });
  }
  if (seed.catalogs === undefined) return problems;
  if (!keysOf(seed.catalogs, ['catalogs'], [...CATALOGS])) return problems;
  for (const [name, catalog] of Object.entries(seed.catalogs)) {
    if (!isCatalogName(name) || catalog === null || catalog === undefined) continue;
    const path: Path = ['catalogs', name];
    if (!keysOf(catalog, path, ['engagements', 'opportunities', 'invitations', 'snapshotJobs'])) continue;
    const seen = (kind: string) => {
      const ids = new Set<string>();
      return (id: string | undefined, p: Path): void => {
        if (id === undefined) return;
        if (ids.has(id)) bad(p, `${kind} ${id} is listed twice`);
        ids.add(id);
      };
    };
    const engagements = new Set<string>();
    const opportunities = new Set<string>();
    if (listOf(catalog.engagements, [...path, 'engagements'])) {
      const once = seen('engagement');
      catalog.engagements.forEach((e, i) => {
        const p = [...path, 'engagements', i];
        if (!model('EngagementIdentifier', e, p)) return;
        once(e as string, p);
        engagements.add(e as string);
      });
    }
    if (listOf(catalog.opportunities, [...path, 'opportunities'])) {
      const once = seen('opportunity');
      catalog.opportunities.forEach((o, i) => {
        const p = [...path, 'opportunities', i];
        const id = target(o, p, 'OpportunityIdentifier', ['snapshotFailure']);
        once(id, p);
        const failure = isObject(o) ? o.snapshotFailure : undefined;
        if (failure !== undefined && (typeof failure !== 'string' || failure.length === 0 || failure.length > MAX_FAILURE_CHARS))
          bad([...p, 'snapshotFailure'], `must be the failure message, a non-empty string of at most ${MAX_FAILURE_CHARS} characters`);
        if (id) opportunities.add(id);
      });
    }
    if (listOf(catalog.invitations, [...path, 'invitations'])) {
      const once = seen('invitation');
      catalog.invitations.forEach((v, i) => {
        const p = [...path, 'invitations', i];
        once(target(v, p, 'EngagementInvitationIdentifier', ['engagement']), p);
        if (isObject(v) && v.engagement !== undefined && model('EngagementIdentifier', v.engagement, [...p, 'engagement']))
          if (!engagements.has(v.engagement as string))
            bad([...p, 'engagement'], `engagement ${String(v.engagement)} is not in ${show([...path, 'engagements'])}`);
      });
    }
    if (listOf(catalog.snapshotJobs, [...path, 'snapshotJobs'])) {
      const once = seen('snapshot job');
      const keys = new Set<string>();
      catalog.snapshotJobs.forEach((j, i) => {
        const p = [...path, 'snapshotJobs', i];
        if (!keysOf(j, p, ['id', 'engagement', 'opportunity', 'template', 'status', 'tags'])) return;
        if (j.id !== undefined && model('ResourceSnapshotJobIdentifier', j.id, [...p, 'id'])) once(j.id as string, [...p, 'id']);
        for (const [field, shapeName, known, listName] of [
          ['engagement', 'EngagementIdentifier', engagements, 'engagements'],
          ['opportunity', 'OpportunityIdentifier', opportunities, 'opportunities'],
        ] as const) {
          if (j[field] === undefined) bad(p, `needs an ${field}`);
          else if (model(shapeName, j[field], [...p, field]) && !known.has(j[field] as string))
            bad([...p, field], `${field} ${String(j[field])} is not in ${show([...path, listName])}`);
        }
        const template = j.template ?? DEFAULT_TEMPLATE;
        if (model('ResourceTemplateName', template, [...p, 'template']) && !templates.has(template as string))
          bad([...p, 'template'], `template ${String(template)} is not in templates`);
        if (j.status !== undefined) model('ResourceSnapshotJobStatus', j.status, [...p, 'status']);
        if (j.tags !== undefined) {
          if (!isObject(j.tags)) bad([...p, 'tags'], 'must be a mapping of tag keys to values');
          else
            for (const [k, v] of Object.entries(j.tags)) {
              model('TagKey', k, [...p, 'tags', k]);
              if (typeof v !== 'string') bad([...p, 'tags', k], 'must be a string (quote it in YAML)');
              else model('TagValue', v, [...p, 'tags', k]);
            }
        }
        const key = `${String(j.engagement)} ${String(j.opportunity)} ${String(template)}`;
        if (uniqueJobs && keys.has(key))
          bad(p, 'a second job on the same engagement, opportunity and template (allowed only with unique jobs off)');
        keys.add(key);
      });
    }
  }
  return problems;
}

/** Reads and checks a YAML seed file; a bad one is a CosellError whose details are FILE:LINE:COL lines. */
export async function loadSeedFile(file: string, uniqueJobs = true): Promise<EmulatorSeed> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CosellError(`cannot read emulator seed ${file}: ${(err as Error).message}`);
  }
  if (bytes.length > MAX_SEED_BYTES) throw new CosellError(`emulator seed ${file} is larger than ${MAX_SEED_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CosellError(`emulator seed ${file} is not UTF-8 text`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0)
    throw new CosellError(
      `emulator seed ${file} is not valid YAML`,
      doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`),
    );
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new CosellError(`emulator seed ${file}: ${(err as Error).message}`);
  }
  const problems = checkSeed(value, uniqueJobs);
  if (problems.length > 0) {
    const locate = (path: Path, atKey = false): number => {
      if (atKey) {
        const parent: unknown = doc.getIn(path.slice(0, -1), true);
        const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
        if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
      }
      for (let n = path.length; n >= 0; n--) {
        const node: unknown = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return node.range[0];
      }
      return 0;
    };
    throw new CosellError(
      `emulator seed ${file} is invalid`,
      problems.map((p) => `${at(locate(p.path, p.atKey))}: ${p.message}`),
    );
  }
  return (value ?? {}) as EmulatorSeed;
}

/** Checks a seed given in-process; the same rules as a file, reported by path. */
export function checkSeedObject(seed: EmulatorSeed, uniqueJobs = true): EmulatorSeed {
  const problems = checkSeed(seed, uniqueJobs);
  if (problems.length > 0)
    throw new CosellError(
      `emulator seed is invalid: ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      problems.map((p) => p.message),
    );
  return seed;
}

export function seedCredentials(seed: EmulatorSeed): SeedCredential[] {
  return [...(seed.credentials ?? DEFAULT_CREDENTIALS)];
}

/** The world a checked seed describes, before any call. */
export function worldFromSeed(seed: EmulatorSeed, now: number): World {
  const world = emptyWorld(seed.account ?? DEFAULT_ACCOUNT, seed.templates ?? [DEFAULT_TEMPLATE]);
  for (const [name, catalog] of world.catalogs) {
    const s = seed.catalogs?.[name];
    if (!s) continue;
    for (const e of s.engagements ?? []) catalog.engagements.add(e);
    const targetOf = (t: SeedTaskTarget) => ({ id: t.id, failWith: t.failWith, failTimes: t.failTimes, failures: 0 });
    for (const o of s.opportunities ?? []) {
      const t: SeedOpportunity = typeof o === 'string' ? { id: o } : o;
      catalog.opportunities.set(t.id, {
        ...targetOf(t),
        ...(t.snapshotFailure !== undefined ? { snapshotFailure: t.snapshotFailure } : {}),
      });
    }
    for (const v of s.invitations ?? []) {
      const t: SeedInvitation = typeof v === 'string' ? { id: v } : v;
      catalog.invitations.set(t.id, { ...targetOf(t), engagement: t.engagement });
    }
    for (const j of s.snapshotJobs ?? []) {
      const id = j.id ?? newId('job', (x) => catalog.jobs.has(x));
      const job: Job = {
        id,
        seq: nextSeq(world),
        engagement: j.engagement,
        opportunity: j.opportunity,
        template: j.template ?? DEFAULT_TEMPLATE,
        status: j.status ?? 'Stopped',
        createdAt: now,
        tags: Object.entries(j.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      };
      catalog.jobs.set(id, job);
      // A seeded running job has executed once, as if it had just started.
      if (job.status === 'Running') executeJob(world, catalog, job, now);
    }
  }
  return world;
}
