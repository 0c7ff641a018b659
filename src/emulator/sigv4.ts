import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { SIGNING_NAME } from '../api/model/index.js';
import { protocolError } from './errors.js';
import type { SeedCredential } from './seed.js';

export const SIGNING_REGION = 'us-east-1';
const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** SHA-256 (and HMAC-SHA-256) for the signer, on node:crypto: faster than a pure-JS hash. */
class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Buffer | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (secret === undefined || typeof secret === 'string') this.secret = secret;
    else if (secret instanceof ArrayBuffer) this.secret = Buffer.from(secret);
    else this.secret = Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  if (!header.startsWith(`${ALGORITHM} `))
    throw protocolError.incompleteSignature(`Unsupported signing algorithm: only ${ALGORITHM} is accepted.`);
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const missing = [
    credential ? '' : 'Credential',
    signedHeaders ? '' : 'SignedHeaders',
    signature ? '' : 'Signature',
  ].filter(Boolean);
  if (missing.length > 0)
    throw protocolError.incompleteSignature(
      `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter(s). Authorization=${ALGORITHM}`,
    );
  const scope = credential!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request')
    throw protocolError.incompleteSignature(
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request.",
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
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name];
  return values === undefined ? undefined : values.join(',');
}

/**
 * Verifies a request's SigV4 signature as the service does, and throws the service's 4xx answer
 * when it fails. The canonical request is rebuilt from the headers the client says it signed,
 * and the expected signature is computed by @smithy/signature-v4 itself.
 */
export async function verifySignature(
  req: IncomingMessage,
  body: Buffer,
  credentials: readonly SeedCredential[],
  now: number,
): Promise<SeedCredential> {
  const authorization = headerValue(req, 'authorization');
  if (authorization === undefined) throw protocolError.missingToken();
  const auth = parseAuthorization(authorization);

  const credential = credentials.find((c) => c.accessKeyId === auth.accessKeyId);
  if (!credential) throw protocolError.unrecognizedClient();

  const rawDate = headerValue(req, 'x-amz-date');
  if (rawDate === undefined)
    throw protocolError.incompleteSignature("Authorization header requires existence of a 'X-Amz-Date' header.");
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
  if (auth.region !== SIGNING_REGION)
    throw protocolError.invalidSignature(
      `Credential should be scoped to a valid region, not '${auth.region}'. Expected '${SIGNING_REGION}'.`,
    );
  if (auth.service !== SIGNING_NAME)
    throw protocolError.invalidSignature(`Credential should be scoped to correct service: '${SIGNING_NAME}'.`);
  if (!auth.signedHeaders.includes('host'))
    throw protocolError.incompleteSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");

  const token = headerValue(req, 'x-amz-security-token');
  if ((credential.sessionToken ?? '') !== (token ?? '')) throw protocolError.unrecognizedClient();

  const bodyHash = createHash('sha256').update(body).digest('hex');
  const claimedHash = headerValue(req, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== bodyHash)
    throw protocolError.invalidSignature('The provided x-amz-content-sha256 header does not match the request body.');

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headerValue(req, name);
    if (value !== undefined) headers[name] = value;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  const request = new HttpRequest({ method: req.method, path: url.pathname, query, headers, body });
  const signer = new SignatureV4({
    service: SIGNING_NAME,
    region: SIGNING_REGION,
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken },
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate: date, signableHeaders: new Set(auth.signedHeaders) });
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers['authorization']))?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw protocolError.invalidSignature(SIGNATURE_MISMATCH);
  return credential;
}
