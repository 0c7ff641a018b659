import { request } from 'node:http';
import { connect } from 'node:net';
import { NodeSha256 as Sha256 } from '../../src/util/sha256.js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Emulator } from '../../src/emulator/index.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

export interface SignOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  service?: string;
  signingDate?: Date;
  contentType?: string;
  /** Headers added after signing (so not covered by the signature). */
  after?: Record<string, string>;
  /** Sign this body, send `body`. */
  signedBody?: string;
}

export interface HeaderOptions extends SignOptions {
  /** The Host header to sign and send; default the emulator's own host:port. */
  host?: string;
  /** Headers left out of SignedHeaders (still sent). */
  unsigned?: string[];
}

/** The headers of a request signed with @smithy/signature-v4, as a client other than the SDK would build them. */
export async function signedHeaders(
  emu: Emulator,
  target: string | undefined,
  body: string,
  o: HeaderOptions = {},
): Promise<Record<string, string>> {
  const url = new URL(emu.url);
  const headers: Record<string, string> = {
    host: o.host ?? url.host,
    'content-type': o.contentType ?? 'application/x-amz-json-1.0',
  };
  if (target !== undefined) headers['x-amz-target'] = target.includes('.') ? target : `AWSPartnerCentralSelling.${target}`;
  const req = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers,
    body: o.signedBody ?? body,
  });
  const signer = new SignatureV4({
    credentials: o.credentials ?? EXAMPLE_KEY,
    region: o.region ?? 'us-east-1',
    service: o.service ?? 'partnercentral-selling',
    sha256: Sha256,
  });
  const s = await signer.sign(req, { signingDate: o.signingDate ?? new Date(), unsignableHeaders: new Set(o.unsigned ?? []) });
  return { ...(s.headers as Record<string, string>), ...o.after };
}

/** A request signed with @smithy/signature-v4, as a client other than the SDK would build it. */
export async function signed(emu: Emulator, target: string | undefined, body: string, o: HeaderOptions = {}): Promise<RawAnswer> {
  return send(emu, await signedHeaders(emu, target, body, o), body);
}

/** The header lines of a raw request, `Name: value` each followed by CRLF. */
export function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
}

/** Sends a request as is: method POST / unless told otherwise. */
export function send(emu: Emulator, headers: Record<string, string>, body: string, method = 'POST', path = '/'): Promise<RawAnswer> {
  const url = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          json = {};
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes on a fresh socket and collects everything the server sends until it closes. */
export function rawExchange(emu: Emulator, write: (socket: import('node:net').Socket) => void): Promise<string> {
  const url = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (err: NodeJS.ErrnoException) => (chunks.length ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(err)));
    socket.on('connect', () => write(socket));
  });
}
