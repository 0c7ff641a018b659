import { DEFAULT_TEMPLATE, isCatalogName, validateShape } from '../model/index.js';
import { CosellError } from '../util/errors.js';
import type { YamlPath } from '../util/yaml-path.js';
import { schemaProblems, where, type SeedProblem } from './seed-schema.js';
import type { EmulatorSeed } from './seed.js';

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function listed(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The id of a task target written as an id or as a mapping with one, and where it stands. */
function targetId(v: unknown, path: YamlPath): { id: unknown; at: YamlPath } | undefined {
  if (typeof v === 'string') return { id: v, at: path };
  return isObject(v) && v.id !== undefined ? { id: v.id, at: [...path, 'id'] } : undefined;
}

/**
 * What the schema cannot say: each id, template and tag against the service model, ids listed
 * twice, references to what the catalog does not list, and two jobs on one key. Values of the
 * wrong type are left to the schema's messages.
 */
function modelProblems(seed: Raw, uniqueJobs: boolean): SeedProblem[] {
  const out: SeedProblem[] = [];
  const bad = (path: YamlPath, message: string): void => {
    out.push({ path, message: `${where(path)}: ${message}`, atKey: false });
  };
  const model = (shapeName: string, v: unknown, path: YamlPath): v is string => {
    if (typeof v !== 'string') return false;
    const issues = validateShape(shapeName, v, where(path));
    for (const i of issues) out.push({ path, message: i.Message.replace(/\.$/, ''), atKey: false });
    return issues.length === 0;
  };
  const once = (kind: string) => {
    const ids = new Set<string>();
    return (id: string, path: YamlPath): void => {
      if (ids.has(id)) bad(path, `${kind} ${id} is listed twice`);
      ids.add(id);
    };
  };

  const templates = new Set<string>([DEFAULT_TEMPLATE]);
  if (Array.isArray(seed.templates)) {
    templates.clear();
    seed.templates.forEach((t, i) => {
      if (model('ResourceTemplateName', t, ['templates', i])) templates.add(t);
    });
  }
  if (!isObject(seed.catalogs)) return out;
  for (const [name, catalog] of Object.entries(seed.catalogs)) {
    if (!isCatalogName(name) || !isObject(catalog)) continue;
    const path: YamlPath = ['catalogs', name];
    const engagements = new Set<string>();
    const opportunities = new Set<string>();
    const engagementOnce = once('engagement');
    listed(catalog.engagements).forEach((e, i) => {
      const p = [...path, 'engagements', i];
      if (!model('EngagementIdentifier', e, p)) return;
      engagementOnce(e, p);
      engagements.add(e);
    });
    const opportunityOnce = once('opportunity');
    listed(catalog.opportunities).forEach((o, i) => {
      const p = [...path, 'opportunities', i];
      const target = targetId(o, p);
      if (!target || !model('OpportunityIdentifier', target.id, target.at)) return;
      opportunityOnce(target.id, p);
      opportunities.add(target.id);
    });
    const invitationOnce = once('invitation');
    listed(catalog.invitations).forEach((v, i) => {
      const p = [...path, 'invitations', i];
      const target = targetId(v, p);
      if (target && model('EngagementInvitationIdentifier', target.id, target.at)) invitationOnce(target.id, p);
      const engagement = isObject(v) ? v.engagement : undefined;
      if (model('EngagementIdentifier', engagement, [...p, 'engagement']) && !engagements.has(engagement))
        bad([...p, 'engagement'], `engagement ${engagement} is not in ${where([...path, 'engagements'])}`);
    });
    const jobOnce = once('snapshot job');
    const keys = new Set<string>();
    listed(catalog.snapshotJobs).forEach((j, i) => {
      const p = [...path, 'snapshotJobs', i];
      if (!isObject(j)) return;
      if (model('ResourceSnapshotJobIdentifier', j.id, [...p, 'id'])) jobOnce(j.id, [...p, 'id']);
      for (const [field, shapeName, known, listName] of [
        ['engagement', 'EngagementIdentifier', engagements, 'engagements'],
        ['opportunity', 'OpportunityIdentifier', opportunities, 'opportunities'],
      ] as const) {
        const id = j[field];
        if (model(shapeName, id, [...p, field]) && !known.has(id))
          bad([...p, field], `${field} ${id} is not in ${where([...path, listName])}`);
      }
      const template = j.template ?? DEFAULT_TEMPLATE;
      if (model('ResourceTemplateName', template, [...p, 'template']) && !templates.has(template))
        bad([...p, 'template'], `template ${template} is not in templates`);
      if (isObject(j.tags))
        for (const [k, v] of Object.entries(j.tags)) {
          model('TagKey', k, [...p, 'tags', k]);
          model('TagValue', v, [...p, 'tags', k]);
        }
      const key = `${String(j.engagement)} ${String(j.opportunity)} ${String(template)}`;
      if (uniqueJobs && keys.has(key))
        bad(p, 'a second job on the same engagement, opportunity and template (allowed only with unique jobs off)');
      keys.add(key);
    });
  }
  return out;
}

/** Every problem of a seed: its shape (schemas/seed.schema.json), then the model and its references. */
export function checkSeed(seed: unknown, uniqueJobs = true): SeedProblem[] {
  if (seed === undefined) return [];
  const problems = schemaProblems(seed);
  if (isObject(seed)) problems.push(...modelProblems(seed, uniqueJobs));
  return problems;
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
