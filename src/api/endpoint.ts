import { CosellError } from '../util/errors.js';

export const DEFAULT_REGION = 'us-east-1';

type Env = Record<string, string | undefined>;

// A region becomes part of a host name: keep it to what AWS region names are made of.
const REGION = /^[a-z]{2}(-[a-z0-9]+)+$/;

/** `--region`, then AWS_REGION, then us-east-1. */
export function resolveRegion(region: string | undefined, env: Env = process.env): string {
  const chosen = nonEmpty(region) ?? nonEmpty(env.AWS_REGION) ?? DEFAULT_REGION;
  if (!REGION.test(chosen)) {
    const from = nonEmpty(region) !== undefined ? '--region' : 'AWS_REGION';
    throw new CosellError(`invalid region "${chosen}" (from ${from}): expected a name like us-east-1`);
  }
  return chosen;
}

/**
 * `--endpoint`, then AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, then AWS_ENDPOINT_URL, then the
 * service's regional endpoint. Plain http is refused unless the host is a loopback address: the
 * request would otherwise cross a network unencrypted, signed and readable.
 */
export function resolveEndpoint(endpoint: string | undefined, region: string, env: Env = process.env): URL {
  const candidates: [string | undefined, string][] = [
    [endpoint, '--endpoint'],
    [env.AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, 'AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING'],
    [env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'],
  ];
  for (const [value, source] of candidates) {
    const v = nonEmpty(value);
    if (v !== undefined) return checkEndpoint(v, source);
  }
  return new URL(`https://partnercentral-selling.${region}.api.aws`);
}

export function checkEndpoint(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CosellError(`invalid endpoint "${value}" (from ${source}): not a URL; expected e.g. https://host or http://127.0.0.1:4566`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CosellError(`invalid endpoint "${value}" (from ${source}): the scheme must be https:// (or http:// on a loopback address)`);
  }
  if (url.username || url.password) {
    throw new CosellError(`invalid endpoint (from ${source}): it must not carry a user name or password`);
  }
  if (url.search || url.hash) {
    throw new CosellError(`invalid endpoint "${value}" (from ${source}): it must not carry a query or fragment`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new CosellError(
      `refusing plain http endpoint "${value}" (from ${source}): signed requests would cross the network unencrypted. ` +
        'Use https://, or http:// only with a loopback host (127.0.0.0/8, ::1, localhost).',
    );
  }
  return url;
}

/** 127.0.0.0/8, ::1 or localhost, as URL.hostname spells them (IPv6 in brackets). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h === '[::1]' || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}
