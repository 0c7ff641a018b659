import http from 'node:http';
import type https from 'node:https';
import { createRequire } from 'node:module';

// node:https, and TLS under it, take longer to load than the rest of the client's path to its
// first request (~10 ms of a start of ~0.25 s): only an https endpoint loads them.
const loadBuiltin = createRequire(import.meta.url);

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request that got no complete answer; `code` is a system code (ECONNRESET, …) or TIMEOUT. */
export class NetworkFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkFailure';
  }
}

export interface HttpTransportOptions {
  /** Whole-request timeout in ms: connect, send and the full response. */
  timeoutMs: number;
  maxSockets: number;
}

/** Largest answer read into memory; the service's answers are a few KB. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** POSTs over node:http(s) with a keep-alive agent of bounded size. */
export class HttpTransport {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(
    private readonly url: URL,
    private readonly options: HttpTransportOptions,
  ) {
    const secure = url.protocol === 'https:';
    this.transport = secure ? (loadBuiltin('node:https') as typeof https) : http;
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: Math.min(options.maxSockets, 16),
      scheduling: 'lifo' as const,
    };
    this.agent = new this.transport.Agent(agentOptions);
  }

  post(headers: Record<string, string>, body: string): Promise<HttpResponse> {
    const where = this.url.host;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (code: string, message: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new NetworkFailure(code, message));
      };
      const request = this.transport.request({
        protocol: this.url.protocol,
        hostname: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: this.url.port || undefined,
        path: this.url.pathname || '/',
        method: 'POST',
        headers,
        agent: this.agent,
      });
      const timer = setTimeout(() => {
        fail('TIMEOUT', `no complete answer from ${where} within ${this.options.timeoutMs} ms`);
        request.destroy();
      }, this.options.timeoutMs);
      request.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? 'EUNKNOWN';
        if (err.message === 'socket hang up') fail('SOCKET_HANG_UP', `connection to ${where} closed before an answer (socket hang up)`);
        else fail(code, `request to ${where} failed: ${err.message}`);
      });
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            fail('ETOOBIG', `answer from ${where} is larger than ${MAX_RESPONSE_BYTES} bytes`);
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ECONNRESET', `answer from ${where} broke off: ${err.message}`));
        res.on('close', () => {
          if (!res.complete) fail('ECONNRESET', `answer from ${where} broke off`);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      request.end(body);
    });
  }

  /** Closes idle keep-alive sockets so that the process can exit. */
  close(): void {
    this.agent.destroy();
  }
}
