/** The emulator's HTTP plumbing: reading a bounded body, and writing answers in the service's form. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorBody, protocolError } from './errors.js';

export const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Header names in lower case, a repeated header's values joined by commas (as SigV4 joins them). */
export function requestHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, values] of Object.entries(req.headersDistinct)) if (values) out[name] = values.join(',');
  return out;
}

/** Reads a whole body, refusing one over `limit` bytes or one that takes longer than `timeoutMs`. */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: ApiError): void => {
      cleanup();
      reject(err);
    };
    const timer = setTimeout(() => fail(protocolError.timeout()), timeoutMs);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) fail(protocolError.tooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onAborted = (): void => fail(protocolError.serialization('The request body ended early.'));
    const cleanup = (): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('aborted', onAborted);
  });
}

/** Marks an error whose request body was not (fully) read: the connection cannot be reused. */
export function closing(err: ApiError): ApiError {
  err.closeConnection = true;
  return err;
}

/** What can be refused from the request line and headers alone: method, path, size, type. */
export function checkEnvelope(req: IncomingMessage, path: string, maxBodyBytes: number): void {
  if (req.method !== 'POST' || path !== '/') throw protocolError.notFound(`The service answers POST / only, not ${req.method} ${path}.`);
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw closing(protocolError.tooLarge(maxBodyBytes));
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== CONTENT_TYPE) throw closing(protocolError.serialization(`Content-Type must be ${CONTENT_TYPE}, not ${type || 'absent'}.`));
}

/** Reads the body once the envelope and the credentials have been checked. */
export async function receiveBody(req: IncomingMessage, maxBodyBytes: number, timeoutMs: number): Promise<Buffer> {
  try {
    return await readBody(req, maxBodyBytes, timeoutMs);
  } catch (err) {
    throw err instanceof ApiError ? closing(err) : err;
  }
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw protocolError.serialization(`The request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function send(res: ServerResponse, status: number, body: string | undefined, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const all: Record<string, string | number> = { 'x-amzn-RequestId': randomUUID(), ...headers };
  if (body !== undefined) {
    all['Content-Type'] = CONTENT_TYPE;
    all['Content-Length'] = Buffer.byteLength(body);
  }
  res.writeHead(status, all);
  res.end(body);
}

export function sendError(res: ServerResponse, err: ApiError): void {
  const { status, headers, body } = errorBody(err);
  if (err.closeConnection) {
    headers.Connection = 'close';
    res.once('finish', () => res.socket?.destroySoon());
  }
  send(res, status, body, headers);
}
