import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { NodeSha256 } from '../util/sha256.js';
import { HttpRequest } from '@smithy/protocol-http';
import { ALGORITHM_IDENTIFIER, getCanonicalHeaders, getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import { SIGNING_NAME } from '../model/index.js';
import { protocolError } from './errors.js';
import type { SeedCredential } from './seed.js';

/**
 * SigV4 verification as the service does it, in pure functions over a plain request, so that the
 * AWS SigV4 test suite can drive it. The canonical request and the string to sign are built by
 * @smithy/signature-v4 itself, from the headers the client says it signed.
 */

export const SIGNING_REGION = 'us-east-1';
const MAX_SKEW_MS = 15 * 60 * 1000;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** A request as the verifier sees it: header names in lower case, repeated headers joined by commas. */
export interface SignableRequest {
  method: string;
  /** The path and query as sent, e.g. `/?Param1=value1`. */
  url: string;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

/** The scope a signature must name, and the headers it must cover when the request has them. */
export interface VerifyOptions {
  region: string;
  service: string;
  /** Signed whenever present; `host` always. */
  mustSign: readonly string[];
}

/** The service's own scope: x-amz-target signed, so a signature for a Get cannot be replayed as a Delete. */
export const SERVICE_SCOPE: VerifyOptions = { region: SIGNING_REGION, service: SIGNING_NAME, mustSign: ['host', 'x-amz-target'] };

export interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(header: string): Authorization {
  if (!header.startsWith(`${ALGORITHM_IDENTIFIER} `))
    throw protocolError.incompleteSignature(`Unsupported signing algorithm: only ${ALGORITHM_IDENTIFIER} is accepted.`);
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM_IDENTIFIER.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const missing = [credential ? '' : 'Credential', signedHeaders ? '' : 'SignedHeaders', signature ? '' : 'Signature'].filter(Boolean);
  if (missing.length > 0)
    throw protocolError.incompleteSignature(
      `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter(s). Authorization=${ALGORITHM_IDENTIFIER}`,
    );
  const scope = credential!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request')
    throw protocolError.incompleteSignature(
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request.',
    );
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: signedHeaders!.split(';'),
    signature: signature!,
  };
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** What the headers alone establish: who signs, when, and over what. */
export interface CheckedHeaders {
  credential: SeedCredential;
  auth: Authorization;
  /** X-Amz-Date as sent. */
  amzDate: string;
}

/**
 * Every check that needs no body: the Authorization header's presence and form, the access key,
 * the date and the scope, the headers that must be signed, the session token. Run before a body
 * is read, so an unauthenticated client never gets its body buffered.
 */
export function checkHeaders(
  headers: Readonly<Record<string, string>>,
  credentials: readonly SeedCredential[],
  now: number,
  options: VerifyOptions = SERVICE_SCOPE,
): CheckedHeaders {
  const authorization = headers.authorization;
  if (authorization === undefined) throw protocolError.missingToken();
  const auth = parseAuthorization(authorization);

  const credential = credentials.find((c) => c.accessKeyId === auth.accessKeyId);
  if (!credential) throw protocolError.unrecognizedClient();

  const rawDate = headers['x-amz-date'];
  if (rawDate === undefined) throw protocolError.incompleteSignature("Authorization header requires existence of a 'X-Amz-Date' header.");
  const date = parseAmzDate(rawDate);
  if (!date) throw protocolError.incompleteSignature(`X-Amz-Date ${rawDate} is not of the form YYYYMMDD'T'HHMMSS'Z'.`);
  if (date.getTime() < now - MAX_SKEW_MS)
    throw protocolError.invalidSignature(
      `Signature expired: ${rawDate} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`,
    );
  if (date.getTime() > now + MAX_SKEW_MS)
    throw protocolError.invalidSignature(
      `Signature not yet current: ${rawDate} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`,
    );
  if (auth.date !== rawDate.slice(0, 8))
    throw protocolError.invalidSignature(
      `Credential should be scoped to a valid date: '${auth.date}' does not match X-Amz-Date's '${rawDate.slice(0, 8)}'.`,
    );
  if (auth.region !== options.region)
    throw protocolError.invalidSignature(
      `Credential should be scoped to a valid region, not '${auth.region}'. Expected '${options.region}'.`,
    );
  if (auth.service !== options.service)
    throw protocolError.invalidSignature(`Credential should be scoped to correct service: '${options.service}'.`);
  for (const name of options.mustSign) {
    if ((name === 'host' || headers[name] !== undefined) && !auth.signedHeaders.includes(name))
      throw protocolError.incompleteSignature(`'${headerLabel(name)}' must be a 'SignedHeader' in the AWS Authorization.`);
  }

  const token = headers['x-amz-security-token'];
  if ((credential.sessionToken ?? '') !== (token ?? '')) throw protocolError.unrecognizedClient();
  return { credential, auth, amzDate: rawDate };
}

/** `x-amz-target` → `X-Amz-Target`, as the service names headers in its messages. */
function headerLabel(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

export interface SignatureParts {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** @smithy/signature-v4's own canonical request and string to sign, which it does not expose. */
class Explainer extends SignatureV4 {
  async explain(
    request: HttpRequest,
    signed: readonly string[],
    amzDateValue: string,
    scope: string,
    key: Uint8Array,
    payloadHash: string,
  ): Promise<SignatureParts> {
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(signed));
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await this.createStringToSign(amzDateValue, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    return { canonicalRequest, stringToSign, signature: createHmac('sha256', key).update(stringToSign).digest('hex') };
  }
}

/**
 * The canonical request, string to sign and signature of `req` as the holder of `secret` would
 * have signed it, over the headers named in `signedHeaders` only.
 */
export async function signatureParts(
  req: SignableRequest,
  auth: Pick<Authorization, 'signedHeaders' | 'date' | 'region' | 'service'>,
  amzDateValue: string,
  secretAccessKey: string,
): Promise<SignatureParts> {
  const url = new URL(req.url, 'http://localhost');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const request = new HttpRequest({ method: req.method, path: url.pathname, query, headers, body: req.body });
  const credentials = { accessKeyId: 'verifier', secretAccessKey };
  const explainer = new Explainer({ service: auth.service, region: auth.region, credentials, sha256: NodeSha256, applyChecksum: false });
  const key = await getSigningKey(NodeSha256, credentials, auth.date, auth.region, auth.service);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const payloadHash = createHash('sha256').update(req.body).digest('hex');
  return explainer.explain(request, Object.keys(headers), amzDateValue, scope, key, payloadHash);
}

/** The body half of verification: the claimed payload hash, then the signature itself. */
export async function checkSignature(req: SignableRequest, checked: CheckedHeaders): Promise<SeedCredential> {
  const claimedHash = req.headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== createHash('sha256').update(req.body).digest('hex'))
    throw protocolError.invalidSignature('The provided x-amz-content-sha256 header does not match the request body.');
  const { signature } = await signatureParts(req, checked.auth, checked.amzDate, checked.credential.secretAccessKey);
  const a = Buffer.from(signature);
  const b = Buffer.from(checked.auth.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw protocolError.invalidSignature(SIGNATURE_MISMATCH);
  return checked.credential;
}

/** Verifies a request's SigV4 signature, and throws the service's 4xx answer when it fails. */
export async function verifyRequest(
  req: SignableRequest,
  credentials: readonly SeedCredential[],
  now: number,
  options: VerifyOptions = SERVICE_SCOPE,
): Promise<SeedCredential> {
  return checkSignature(req, checkHeaders(req.headers, credentials, now, options));
}
