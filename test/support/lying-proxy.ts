/**
 * A service that lies: an HTTP proxy in front of the emulator that lets a test rewrite (or make
 * up) the answer to any call. The request goes to the emulator untouched (its Host header and
 * signature included), so what the emulator's stats count is what cosell sent.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SERVICE_TARGET_PREFIX } from '../../src/model/operations.js';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, parsed when it is JSON (it always is from the emulator), else the raw text. */
  body: unknown;
}

/** What the hook sees of one call, and how it reaches the emulator when it wants to. */
export interface Exchange {
  /** The operation named by x-amz-target, without the service prefix ('' when absent). */
  op: string;
  body: unknown;
  forward(): Promise<Answer>;
}

/** Returns the answer to send: the forwarded one, edited, or one of its own. */
export type Hook = (call: Exchange) => Promise<Answer> | Answer;

export interface LyingProxy {
  url: string;
  close(): Promise<void>;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

function send(upstream: URL, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: upstream.hostname, port: upstream.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: parse(Buffer.concat(chunks).toString('utf8')) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A proxy on 127.0.0.1, a free port, to the emulator at `upstream`; the hook defaults to honest. */
export async function startLyingProxy(upstream: string, hook: Hook = (c) => c.forward()): Promise<LyingProxy> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const header = req.headers['x-amz-target'];
      const op = typeof header === 'string' && header.startsWith(SERVICE_TARGET_PREFIX) ? header.slice(SERVICE_TARGET_PREFIX.length) : '';
      const exchange: Exchange = {
        op,
        body: parse(raw.toString('utf8')),
        forward: () => send(target, req.method ?? 'POST', req.url ?? '/', req.headers, raw),
      };
      Promise.resolve(hook(exchange))
        .then((answer) => {
          const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
          const headers: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(answer.headers))
            if (v !== undefined && k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') headers[k] = v;
          headers['content-length'] = String(Buffer.byteLength(text));
          res.writeHead(answer.status, headers);
          res.end(text);
        })
        .catch((err: unknown) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** An answer of the service's JSON protocol, for a hook that makes one up. */
export function jsonAnswer(body: unknown, status = 200): Answer {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.0' }, body };
}
