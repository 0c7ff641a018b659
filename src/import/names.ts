/**
 * Logical names for imported jobs: `<opportunity>-<template>`, lowercased (`o1001-opportunitysummaryview`),
 * so a job's name follows from its natural key alone and is the same on every import. Only when
 * two imported jobs would share a name is more of the key added: the engagement, then the catalog,
 * then the job id.
 */
import { createHash } from 'node:crypto';
import type { LiveSnapshotJob } from '../live/types.js';

/** The schema's limit on a logical name. */
export const MAX_NAME_LENGTH = 64;

function clean(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+/, '');
}

function fitName(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_NAME_LENGTH - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

const parts: ((job: LiveSnapshotJob) => string)[] = [
  (j) => `${j.opportunity}-${j.template}`,
  (j) => j.engagement.replace(/^eng-/, ''),
  (j) => j.catalog,
  (j) => j.id,
];

/** Job id → logical name, unique among `jobs`. */
export function logicalNames(jobs: readonly LiveSnapshotJob[]): Map<string, string> {
  const names = new Map<string, string>();
  const assign = (group: readonly LiveSnapshotJob[], depth: number): void => {
    const byName = new Map<string, LiveSnapshotJob[]>();
    for (const job of group) {
      const name = fitName(
        clean(
          parts
            .slice(0, depth + 1)
            .map((p) => p(job))
            .join('-'),
        ),
      );
      const list = byName.get(name);
      if (list) list.push(job);
      else byName.set(name, [job]);
    }
    for (const [name, same] of byName) {
      if (same.length === 1 || depth === parts.length - 1) for (const job of same) names.set(job.id, name);
      else assign(same, depth + 1);
    }
  };
  assign(jobs, 0);
  // Truncation or an unusual id could still meet another name: number the later ones.
  const taken = new Set<string>();
  for (const job of jobs) {
    const name = names.get(job.id) as string;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = fitName(`${name}-${n}`);
    taken.add(unique);
    names.set(job.id, unique);
  }
  return names;
}
