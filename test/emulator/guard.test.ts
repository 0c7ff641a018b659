import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GetResourceSnapshotJobCommand, ListResourceSnapshotJobsCommand } from '@aws-sdk/client-partnercentral-selling';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { allowedHostName, hostServed, isLoopback, originAllowed } from '../../src/emulator/guard.js';
import { client, createExampleJob, start } from './helpers.js';
import { failure } from '../support/emulator.js';
import { rawExchange, send, signed, signedHeaders } from './raw.js';

const LIST = JSON.stringify({ Catalog: 'Sandbox' });
const POLICY = { bound: '127.0.0.1', allowed: ['devbox.internal'] };

describe('which names and pages the emulator serves (pure)', () => {
  it('knows the loopback names', () => {
    for (const name of ['localhost', 'LOCALHOST.', 'app.localhost', '127.0.0.1', '127.9.8.7', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])
      expect(isLoopback(name), name).toBe(true);
    for (const name of ['localhost.evil.example', '127.0.0.1.evil.example', '128.0.0.1', '10.0.0.1', '::2', '0.0.0.0', '::', 'example.com'])
      expect(isLoopback(name), name).toBe(false);
  });

  it('serves loopback names, the bound address and allowed names, with any port, and nothing else', () => {
    for (const host of ['127.0.0.1:4599', 'localhost', '[::1]:80', 'DEVBOX.internal:4599', 'devbox.internal.'])
      expect(hostServed(host, POLICY), host).toBe(true);
    for (const host of [
      undefined,
      '',
      'rebind.attacker.example',
      'rebind.attacker.example:4599',
      'user@127.0.0.1',
      '127.0.0.1/x',
      '127.0.0.1:4599:1',
      'devbox.internal.evil',
    ])
      expect(hostServed(host, POLICY), String(host)).toBe(false);
    expect(hostServed('10.1.2.3:4599', { bound: '10.1.2.3', allowed: [] })).toBe(true);
  });

  it('refuses every name that only starts or ends like a served one', () => {
    fc.assert(
      fc.property(fc.domain(), (generated) => {
        // Names under .localhost are loopback names by definition (RFC 6761): not what this is about.
        const domain = generated.replace(/(^|\.)localhost$/, '$1example');
        expect(hostServed(`127.0.0.1.${domain}`, POLICY)).toBe(false);
        expect(hostServed(`localhost.${domain}`, POLICY)).toBe(false);
        expect(hostServed(`devbox.internal.${domain}`, POLICY)).toBe(false);
      }),
    );
  });

  it('lets through no Origin and loopback pages only', () => {
    expect(originAllowed(undefined)).toBe(true);
    for (const origin of ['http://localhost:3000', 'https://127.0.0.1', 'http://[::1]:8080'])
      expect(originAllowed(origin), origin).toBe(true);
    for (const origin of ['null', 'https://evil.example', 'http://localhost.evil.example', 'file://', 'chrome-extension://abc', ''])
      expect(originAllowed(origin), origin).toBe(false);
  });

  it('takes --allow-host names and addresses without a port or scheme', () => {
    expect(allowedHostName('DevBox.internal')).toBe('devbox.internal');
    expect(allowedHostName('[fd00::1]')).toBe('fd00::1');
    expect(allowedHostName('10.0.0.5')).toBe('10.0.0.5');
    for (const bad of ['devbox:4599', 'http://devbox', 'a b', '', 'dev/box']) expect(allowedHostName(bad), bad).toBeUndefined();
  });
});

describe('the emulator refuses what a hostile page could send', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await start({ allowHosts: ['devbox.internal'] });
  });
  afterAll(() => emu.close());

  it('refuses a correctly signed request with a foreign Host, and counts no call', async () => {
    emu.resetStats();
    const port = new URL(emu.url).port;
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, { host: `rebind.attacker.example:${port}` });
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-errortype']).toBe('ForbiddenException');
    expect(answer.json.message).toBe(
      'The emulator does not serve Host "rebind.attacker.example:' +
        port +
        '": it answers only requests addressed to localhost, ' +
        'a loopback address or the address it listens on (127.0.0.1). If rebind.attacker.example names this machine, start the emulator with --allow-host rebind.attacker.example.',
    );
    expect(emu.stats().calls).toEqual({});
  });

  it('serves localhost and a name given with --allow-host', async () => {
    const port = new URL(emu.url).port;
    expect((await signed(emu, 'ListResourceSnapshotJobs', LIST, { host: `localhost:${port}` })).status).toBe(200);
    expect((await signed(emu, 'ListResourceSnapshotJobs', LIST, { host: `devbox.internal:${port}` })).status).toBe(200);
  });

  it('refuses a cross-origin and a foreign-Host POST to /_emulator/reset-stats, and takes a local one', async () => {
    await signed(emu, 'ListResourceSnapshotJobs', LIST);
    const before = emu.stats();
    const crossOrigin = await send(emu, { origin: 'https://evil.example' }, '', 'POST', '/_emulator/reset-stats');
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.json.message).toMatch(
      /^The emulator's \/_emulator\/ endpoints refuse requests from the web page at Origin "https:\/\/evil.example"/,
    );
    const foreignHost = await send(emu, { host: 'rebind.attacker.example' }, '', 'POST', '/_emulator/reset-stats');
    expect(foreignHost.status).toBe(403);
    expect(foreignHost.json.message).toMatch(/--allow-host rebind\.attacker\.example\.$/);
    expect((await send(emu, { origin: 'https://evil.example' }, '', 'GET', '/_emulator/stats')).status).toBe(403);
    expect(emu.stats()).toEqual(before);

    const local = await send(emu, {}, '', 'POST', '/_emulator/reset-stats');
    expect(local.status).toBe(204);
    expect(emu.stats().calls).toEqual({});
    expect((await send(emu, { origin: 'http://localhost:5173' }, '', 'POST', '/_emulator/reset-stats')).status).toBe(204);
  });

  it('refuses an x-amz-target left out of the signature, so a signed Get cannot be replayed as a Delete', async () => {
    const sdk = client(emu);
    const job = await sdk.send(createExampleJob('guard-replay'));
    const body = JSON.stringify({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: job.Id });
    const get = await signed(emu, 'GetResourceSnapshotJob', body, { unsigned: ['x-amz-target'] });
    expect(get.status).toBe(400);
    expect(get.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    expect(get.json.message).toBe("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    const replay = await signed(emu, 'GetResourceSnapshotJob', body, {
      unsigned: ['x-amz-target'],
      after: { 'x-amz-target': 'AWSPartnerCentralSelling.DeleteResourceSnapshotJob' },
    });
    expect(replay.status).toBe(400);
    expect((await sdk.send(new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: job.Id }))).Id).toBe(
      job.Id,
    );
  });

  it('refuses a large unauthenticated body without reading it', async () => {
    // Only the headers are sent: were the body awaited, the answer would be a 408 after 10 s.
    const head = (auth: string): string =>
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n` +
      `X-Amz-Target: AWSPartnerCentralSelling.ListResourceSnapshotJobs\r\n${auth}Content-Length: 900000\r\n\r\n`;
    const missing = await rawExchange(emu, (s) => s.write(head('')));
    expect(missing).toMatch(/^HTTP\/1\.1 403 /);
    expect(missing).toMatch(/x-amzn-errortype: MissingAuthenticationTokenException/i);
    expect(missing).toMatch(/connection: close/i);
    const malformed = await rawExchange(emu, (s) => s.write(head('Authorization: Bearer abc\r\n')));
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(malformed).toContain('IncompleteSignatureException');
    const unknownKey = await rawExchange(emu, (s) =>
      s.write(
        head(
          'Authorization: AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/20260101/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=00\r\n',
        ),
      ),
    );
    expect(unknownKey).toMatch(/^HTTP\/1\.1 403 /);
    expect(unknownKey).toContain('UnrecognizedClientException');
  });

  it('says 100 Continue only to a client whose credentials pass', async () => {
    const refusedAnswer = await rawExchange(emu, (s) =>
      s.write(
        'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\nExpect: 100-continue\r\nContent-Length: 900000\r\n\r\n',
      ),
    );
    expect(refusedAnswer).toMatch(/^HTTP\/1\.1 403 /);
    const headers = await signedHeaders(emu, 'ListResourceSnapshotJobs', LIST);
    const served = await rawExchange(emu, (s) => {
      const lines = Object.entries({ ...headers, expect: '100-continue', 'content-length': String(LIST.length), connection: 'close' })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      s.write(`POST / HTTP/1.1\r\n${lines}\r\n`);
      s.once('data', () => s.write(LIST));
    });
    expect(served).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('still reads the body of a client with valid credentials', async () => {
    const headers = await signedHeaders(emu, 'ListResourceSnapshotJobs', LIST);
    expect((await send(emu, headers, LIST)).status).toBe(200);
  });
});

describe('connections per client', () => {
  let emu: Emulator;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    emu = await start({ maxConnectionsPerClient: 4 });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await emu.close();
  });

  const open = (localAddress: string): Promise<{ socket: Socket; first: Promise<string> }> =>
    new Promise((resolve, reject) => {
      const url = new URL(emu.url);
      const socket = connect({ host: url.hostname, port: Number(url.port), localAddress });
      sockets.push(socket);
      const first = new Promise<string>((r) => {
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
        socket.on('close', () => r(text));
      });
      socket.on('error', () => undefined);
      socket.once('connect', () => resolve({ socket, first }));
      socket.once('error', reject);
    });

  it('answers 503 past the cap from one address, and keeps serving other clients', async () => {
    // Four idle (half-open) connections from 127.0.0.2 hold its whole share.
    for (let i = 0; i < 4; i++) await open('127.0.0.2');
    const fifth = await open('127.0.0.2');
    const answer = await fifth.first;
    expect(answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer).toContain('Retry-After: 1');
    const out = await client(emu).send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' }));
    expect(out.$metadata.httpStatusCode).toBe(200);
  });
});

describe('listening beyond this machine', () => {
  it('warns that the default credentials are public', async () => {
    const warnings: string[] = [];
    const emu = await startEmulator({ host: '0.0.0.0', port: 0, onWarning: (m) => warnings.push(m) });
    await emu.close();
    expect(warnings).toEqual([
      'Warning: the emulator listens on 0.0.0.0, which other machines can reach: with the default credentials, which are public ' +
        '(AKIDEXAMPLE, printed in every AWS example), anyone who can reach it can change its state. Listen on 127.0.0.1 unless that ' +
        'is what you want; clients from elsewhere must also be allowed with --allow-host NAME.',
    ]);
    const quiet: string[] = [];
    await (await startEmulator({ host: '127.0.0.1', port: 0, onWarning: (m) => quiet.push(m) })).close();
    expect(quiet).toEqual([]);
  });

  it('refuses an --allow-host value with a port or a scheme', async () => {
    const err = await failure(startEmulator({ port: 0, allowHosts: ['http://devbox:4599'] }));
    expect(err.message).toBe(
      '--allow-host takes a host name or an address, without a port or scheme (e.g. --allow-host devbox.internal), not "http://devbox:4599"',
    );
  });
});
