import { randomBytes } from 'node:crypto';
import { resolveEndpoint, resolveRegion } from '../api/endpoint.js';
import { compilePattern, DEFAULT_TEMPLATE, shapePattern, type CatalogName } from '../model/index.js';
import { ALL_CATALOGS } from '../live/observe.js';
import { CosellError } from '../util/errors.js';

export { DEFAULT_TEMPLATE };
/** The service documents about one write a second: the suite stays under it by default. */
export const DEFAULT_WRITE_INTERVAL_MS = 1000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const RUN_TAG_KEY = 'cosell:conformance';

/** The flags as commander parses them. */
export interface ConformanceFlags {
  endpoint?: string;
  region?: string;
  profile?: string;
  catalog?: string;
  engagement?: string;
  opportunity?: string;
  template?: string;
  keep?: boolean;
  out?: string;
  iKnowThisIsProduction?: boolean;
  maxAttempts?: number;
  writeIntervalMs?: string;
}

/** A checked run: everything the sequence needs, and nothing it could misread. */
export interface RunOptions {
  endpoint: string;
  region: string;
  profile?: string;
  catalog: CatalogName;
  engagement: string;
  opportunity: string;
  template: string;
  keep: boolean;
  out?: string;
  maxAttempts: number;
  writeIntervalMs: number;
  /** Tags every job the run creates (`cosell:conformance=<runId>`) and seeds its ClientTokens. */
  runId: string;
}

function checkId(flag: string, value: string | undefined, shapeName: string, example: string): string {
  if (value === undefined || value.trim() === '') throw new CosellError(`${flag} is required, e.g. ${flag} ${example}`);
  if (!compilePattern(shapePattern(shapeName)).test(value))
    throw new CosellError(
      `${flag} ${JSON.stringify(value)} is not a valid ${shapeName}: expected a match for ${shapePattern(shapeName)}, e.g. ${example}`,
    );
  return value;
}

/** A run id that is a valid tag value and ClientToken, and sorts by time: 20261202T081500Z-3f9a1c. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Checks the flags before any call; a bad one is a CosellError that names it. */
export function checkFlags(flags: ConformanceFlags, env: Record<string, string | undefined> = process.env): RunOptions {
  const catalog = flags.catalog ?? 'Sandbox';
  if (!(ALL_CATALOGS as readonly string[]).includes(catalog))
    throw new CosellError(`--catalog ${JSON.stringify(catalog)}: expected ${ALL_CATALOGS.join(' or ')}`);
  if (catalog === 'AWS' && !flags.iKnowThisIsProduction)
    throw new CosellError(
      '--catalog AWS is the production catalog: the suite creates, starts, stops and deletes a real snapshot job there. ' +
        'Run it against Sandbox, or add --i-know-this-is-production.',
    );
  const engagement = checkId('--engagement', flags.engagement, 'EngagementIdentifier', 'eng-abcdefghijklmn');
  const opportunity = checkId('--opportunity', flags.opportunity, 'ResourceIdentifier', 'O1234567890');
  const template = checkId('--template', flags.template ?? DEFAULT_TEMPLATE, 'ResourceTemplateName', DEFAULT_TEMPLATE);
  const interval = flags.writeIntervalMs === undefined ? DEFAULT_WRITE_INTERVAL_MS : Number(flags.writeIntervalMs);
  if (!/^\s*\d+\s*$/.test(flags.writeIntervalMs ?? '0') || !Number.isSafeInteger(interval) || interval > 60_000)
    throw new CosellError(
      `--write-interval-ms ${JSON.stringify(flags.writeIntervalMs)}: expected a whole number of milliseconds from 0 to 60000`,
    );
  if (flags.out !== undefined && flags.out.trim() === '') throw new CosellError('--out needs a file name');
  const region = resolveRegion(flags.region, env);
  return {
    endpoint: resolveEndpoint(flags.endpoint, region, env).href,
    region,
    profile: flags.profile,
    catalog: catalog as CatalogName,
    engagement,
    opportunity,
    template,
    keep: flags.keep ?? false,
    out: flags.out,
    maxAttempts: flags.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    writeIntervalMs: interval,
    runId: newRunId(),
  };
}
