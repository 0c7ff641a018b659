import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport, NetworkFailure } from '../../src/api/http.js';

// node:https loads only for an https endpoint (src/api/http.ts): each scheme must still speak its own protocol.
describe('the transport speaks the endpoint’s scheme', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('http: a plain request and its answer', async () => {
    const transport = new HttpTransport(new URL(`http://127.0.0.1:${port}/`), { timeoutMs: 5000, maxSockets: 1 });
    expect(await transport.post({}, '{}')).toMatchObject({ status: 200, body: '{}' });
  });

  it('https: TLS, so a plain HTTP listener is a failed handshake, not an answer', async () => {
    const transport = new HttpTransport(new URL(`https://127.0.0.1:${port}/`), { timeoutMs: 5000, maxSockets: 1 });
    const failure = await transport.post({}, '{}').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(NetworkFailure);
    expect((failure as NetworkFailure).code).toMatch(/EPROTO|SSL/);
  });
});
