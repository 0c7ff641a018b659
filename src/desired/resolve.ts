import { validateShape } from '../model/index.js';
import type { Diagnostic } from './diagnostics.js';
import { Broken, isRecord, Reporter, where, type CheckedFile, type Declared, type LocatedFile, type Raw } from './checked.js';
import type { PolicyReader } from './policy/file.js';
import { resolveSettings, type StackSettings } from './settings.js';
import { effectiveTags, MAX_TAGS } from './tags.js';
import {
  OWNER_TAG_KEY,
  type Catalog,
  type DesiredInvitationAcceptance,
  type DesiredOpportunityEngagement,
  type DesiredResource,
  type DesiredSnapshotJob,
  type DesiredState,
  type InvolvementType,
  type JobStatus,
  type Tags,
  type Visibility,
} from './types.js';

export type { CheckedFile } from './checked.js';

const SECTIONS = [
  { section: 'snapshotJobs', kind: 'snapshotJob' },
  { section: 'opportunityEngagements', kind: 'opportunityEngagement' },
  { section: 'invitationAcceptances', kind: 'invitationAcceptance' },
] as const;

type Section = (typeof SECTIONS)[number];

/** What two declarations must not share: a job's natural key, an engaged opportunity or invitation. */
class Uniques {
  private readonly names = new Map<string, Declared>();
  private readonly jobKeys = new Map<string, Declared>();
  private readonly engaged = new Map<string, Declared>();

  /** The earlier declaration of the same address, or undefined after recording this one. */
  name(d: Declared): Declared | undefined {
    return this.claim(this.names, d.address, d);
  }
  jobKey(job: DesiredSnapshotJob, d: Declared): Declared | undefined {
    return this.claim(this.jobKeys, `${job.catalog}\u0000${job.engagement}\u0000${job.opportunity}\u0000${job.template}`, d);
  }
  engagement(what: 'opportunity' | 'invitation', catalog: string, id: string, d: Declared): Declared | undefined {
    return this.claim(this.engaged, `${what}\u0000${catalog}\u0000${id}`, d);
  }
  private claim(map: Map<string, Declared>, key: string, d: Declared): Declared | undefined {
    const earlier = map.get(key);
    if (!earlier) map.set(key, d);
    return earlier;
  }
}

interface Collected {
  snapshotJobs: DesiredSnapshotJob[];
  opportunityEngagements: DesiredOpportunityEngagement[];
  invitationAcceptances: DesiredInvitationAcceptance[];
  catalogs: Set<Catalog>;
}

/** Checks one resource whose structure the schema accepted, and adds it to `out`. */
function resolveResource(
  { section, kind }: Section,
  p: LocatedFile,
  name: string,
  value: Raw,
  here: Declared,
  settings: StackSettings,
  uniques: Uniques,
  report: Reporter,
  out: Collected,
): void {
  const path = [section, name];
  let catalog = (value.catalog as Catalog | undefined) ?? settings.catalog;
  if (catalog) out.catalogs.add(catalog);
  else if (settings.catalogWritten) {
    // The top-level catalog is invalid and reported; check the rest as if it were one.
    catalog = settings.catalogText as Catalog;
  } else {
    report.at(p, path, 'key', 'no catalog: set "catalog: AWS" or "catalog: Sandbox" at the top level of the stack or on this resource');
    return;
  }
  const own = value.tags as Tags | undefined;
  if (own) settings.checkTagKeys(p, [...path, 'tags'], own);
  const tags = effectiveTags(settings.defaultTags, own ?? {}, settings.stack ?? '');
  const count = Object.keys(tags).length;
  if (count > MAX_TAGS)
    report.at(
      p,
      path,
      'key',
      `${count} effective tags (defaults.tags, its own tags and ${OWNER_TAG_KEY}); a resource carries at most ${MAX_TAGS}`,
    );
  settings.checkPolicy(p, path, own ?? {}, tags);
  const base = { name, address: here.address, catalog, tags, source: { file: p.file, ...here.position } };

  if (kind === 'snapshotJob') {
    const job: DesiredSnapshotJob = {
      ...base,
      kind,
      engagement: value.engagement as string,
      opportunity: value.opportunity as string,
      template: value.template as string,
      status: (value.status as JobStatus | undefined) ?? 'Running',
    };
    const same = uniques.jobKey(job, here);
    if (same)
      report.at(
        p,
        path,
        'key',
        `same natural key as ${same.address} (${where(same)}): catalog ${job.catalog}, engagement ${job.engagement}, ` +
          `opportunity ${job.opportunity}, template ${job.template}; the service allows one job per key`,
      );
    out.snapshotJobs.push(job);
  } else if (kind === 'opportunityEngagement') {
    const task: DesiredOpportunityEngagement = {
      ...base,
      kind,
      opportunity: value.opportunity as string,
      involvementType: value.involvementType as InvolvementType,
      ...(value.visibility !== undefined ? { visibility: value.visibility as Visibility } : {}),
    };
    const same = uniques.engagement('opportunity', catalog, task.opportunity, here);
    if (same)
      report.at(
        p,
        [...path, 'opportunity'],
        'value',
        `opportunity ${task.opportunity} (catalog ${catalog}) is already engaged by ${same.address} (${where(same)})`,
      );
    out.opportunityEngagements.push(task);
  } else {
    const invitation = value.invitation as string;
    // The task's Identifier member has its own pattern; the id must satisfy it too.
    const issues = validateShape('EngagementInvitationArnOrIdentifier', invitation, 'invitation');
    if (issues.length > 0) {
      report.at(
        p,
        [...path, 'invitation'],
        'value',
        `"${invitation}" is not a valid invitation id for StartEngagementByAcceptingInvitationTask: ${issues[0]!.Message}`,
      );
      return;
    }
    const same = uniques.engagement('invitation', catalog, invitation, here);
    if (same)
      report.at(
        p,
        [...path, 'invitation'],
        'value',
        `invitation ${invitation} (catalog ${catalog}) is already accepted by ${same.address} (${where(same)})`,
      );
    out.invitationAcceptances.push({ ...base, kind, invitation });
  }
}

export interface ResolveResult {
  state?: DesiredState;
  diagnostics: Diagnostic[];
  /** What is worth saying but breaks nothing (parts of the tag policy passed over). */
  notes: Diagnostic[];
  /** Effective tags that break the tag policy; `state` is given despite them. */
  policyViolations: Diagnostic[];
  /** The top-level settings as written (see StackSettings). */
  settings: Record<string, unknown>;
}

/**
 * The checks a schema cannot express, across all files of a stack, and the DesiredState they
 * yield. `complete` is false when some file could not be parsed: then nothing is called missing.
 */
export function resolveStack(files: readonly CheckedFile[], complete: boolean, readPolicy?: PolicyReader): ResolveResult {
  const report = new Reporter();
  const settings = resolveSettings(files, complete, report, readPolicy);
  const notes = settings.notes;
  const uniques = new Uniques();
  const out: Collected = {
    snapshotJobs: [],
    opportunityEngagements: [],
    invitationAcceptances: [],
    catalogs: new Set(settings.catalog ? [settings.catalog] : []),
  };

  for (const f of files) {
    const p = f.parsed;
    const broken = new Broken(f.errorPaths);
    if (!isRecord(p.data) || broken.file()) continue;
    for (const sectionInfo of SECTIONS) {
      const { section, kind } = sectionInfo;
      const entries = p.data[section];
      if (!isRecord(entries) || broken.at(section)) continue;
      for (const [name, value] of Object.entries(entries)) {
        const here: Declared = { file: p.file, position: report.position(p, [section, name]), address: `${kind}.${name}` };
        const earlier = uniques.name(here);
        if (earlier) {
          report.at(
            p,
            [section, name],
            'key',
            `"${name}" is already declared in ${where(earlier)}; a logical name names one resource (${here.address})`,
          );
          continue;
        }
        if (broken.resource(section, name) || !isRecord(value)) continue;
        resolveResource(sectionInfo, p, name, value, here, settings, uniques, report, out);
      }
    }
  }

  const diagnostics = report.diagnostics;
  const policyViolations = settings.policyViolations;
  const written = settings.written;
  if (diagnostics.length > 0 || settings.stack === undefined) return { diagnostics, notes, policyViolations, settings: written };
  return {
    diagnostics,
    notes,
    policyViolations,
    settings: written,
    state: {
      version: 1,
      stack: settings.stack,
      catalogs: [...out.catalogs].sort(),
      ignoreTags: settings.ignoreTags,
      snapshotJobs: out.snapshotJobs,
      opportunityEngagements: out.opportunityEngagements,
      invitationAcceptances: out.invitationAcceptances,
      files: files.map((f) => f.parsed.file),
      ...(settings.tagPolicy ? { tagPolicy: settings.tagPolicy } : {}),
    },
  };
}

/** Every resource of a state, in declaration order by kind. */
export function allResources(state: DesiredState): DesiredResource[] {
  return [...state.snapshotJobs, ...state.opportunityEngagements, ...state.invitationAcceptances];
}
