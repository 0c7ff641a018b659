import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListResourceSnapshotJobsCommand } from '@aws-sdk/client-partnercentral-selling';
import type { Emulator } from '../../src/emulator/index.js';
import { client, start } from './helpers.js';
import { headerLines, rawExchange, send, signed, signedHeaders } from './raw.js';

const LIST = JSON.stringify({ Catalog: 'Sandbox' });
const MB = 1024 * 1024;

describe('hardening (raw HTTP)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await start({ requestTimeoutMs: 300 });
  });
  afterAll(() => emu.close());

  it('answers 413 to a declared body over 1 MB, without reading it', async () => {
    const answer = await rawExchange(emu, (s) =>
      s.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: ${MB + 1}\r\n\r\n`),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/x-amzn-errortype: RequestEntityTooLargeException/i);
    expect(answer).toContain('The request body is larger than 1048576 bytes.');
  });

  it('answers 413 to a chunked body that grows over 1 MB', async () => {
    // Well-formed credentials: a body is read only from a client that has them.
    const headers = await signedHeaders(emu, 'ListResourceSnapshotJobs', '');
    const answer = await rawExchange(emu, (s) => {
      s.write(`POST / HTTP/1.1\r\n${headerLines(headers)}Transfer-Encoding: chunked\r\n\r\n`);
      const chunk = 'a'.repeat(64 * 1024);
      for (let i = 0; i < 17; i++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('answers SerializationException to malformed JSON', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', '{"Catalog": "Sandbox",');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(answer.json.message).toMatch(/^The request body is not valid JSON: /);
  });

  it('answers ValidationException to JSON that is not an object, and to unknown members', async () => {
    const list = await signed(emu, 'ListResourceSnapshotJobs', '[1]');
    expect(list.status).toBe(400);
    expect(list.json.Reason).toBe('REQUEST_VALIDATION_FAILED');
    const extra = await signed(emu, 'ListResourceSnapshotJobs', JSON.stringify({ Catalog: 'Sandbox', Colour: 'blue' }));
    expect(extra.json.ErrorList).toEqual([{ FieldName: 'Colour', Message: 'Colour is not a known field.', Code: 'INVALID_VALUE' }]);
  });

  it('answers SerializationException to a wrong Content-Type', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, { contentType: 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(answer.json.message).toBe('Content-Type must be application/x-amz-json-1.0, not application/json.');
  });

  it('answers UnknownOperationException to an unknown or missing target', async () => {
    const unknown = await signed(emu, 'AWSPartnerCentralSelling.CreateOpportunity', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(unknown.json.message).toBe('Unknown operation AWSPartnerCentralSelling.CreateOpportunity.');
    const missing = await signed(emu, undefined, '{}');
    expect(missing.status).toBe(400);
    expect(missing.json.message).toMatch(/X-Amz-Target is missing/);
  });

  it('answers 404 to anything but POST /', async () => {
    const answer = await send(emu, {}, '', 'GET', '/');
    expect(answer.status).toBe(404);
    expect(answer.json.message).toBe('The service answers POST / only, not GET /.');
  });

  it('times out a body that trickles in, and keeps answering other connections meanwhile', async () => {
    const headers = await signedHeaders(emu, 'ListResourceSnapshotJobs', '');
    const trickle = rawExchange(emu, (s) => {
      s.write(`POST / HTTP/1.1\r\n${headerLines(headers)}Content-Length: 1000\r\n\r\n`);
      const timer = setInterval(() => (s.writable ? s.write('{') : clearInterval(timer)), 20);
      s.on('close', () => clearInterval(timer));
    });
    const sdk = client(emu);
    const others = await Promise.all(
      Array.from({ length: 5 }, () => sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' }))),
    );
    expect(others.map((o) => o.$metadata.httpStatusCode)).toEqual([200, 200, 200, 200, 200]);
    const answer = await trickle;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('RequestTimeoutException');
    expect((await sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' }))).$metadata.httpStatusCode).toBe(200);
  });

  it('times out headers that trickle in', async () => {
    const answer = await rawExchange(emu, (s) => {
      s.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const timer = setInterval(() => (s.writable ? s.write('X-Slow: a\r\n') : clearInterval(timer)), 20);
      s.on('close', () => clearInterval(timer));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('serves its stats unsigned, and resets them', async () => {
    await signed(emu, 'ListResourceSnapshotJobs', LIST);
    const stats = await send(emu, {}, '', 'GET', '/_emulator/stats');
    expect(stats.status).toBe(200);
    expect((stats.json.calls as Record<string, number>).ListResourceSnapshotJobs).toBeGreaterThan(0);
    expect(stats.json).toMatchObject({ throttled: 0, faults: 0 });
    const reset = await send(emu, {}, '', 'POST', '/_emulator/reset-stats');
    expect(reset.status).toBe(204);
    expect(emu.stats()).toEqual({ calls: {}, throttled: 0, faults: 0 });
    expect((await send(emu, {}, '', 'GET', '/_emulator/nothing')).status).toBe(404);
  });
});
