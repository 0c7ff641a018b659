import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuthorization, signatureParts, verifyRequest, type SignableRequest, type VerifyOptions } from '../../src/emulator/sigv4.js';
import type { SeedCredential } from '../../src/emulator/index.js';
import { failure } from '../support/emulator.js';

/** The AWS SigV4 test suite's vectors (see test/fixtures/sigv4/README.md), in its own file format. */
const DIR = 'test/fixtures/sigv4';
const SUITE: VerifyOptions = { region: 'us-east-1', service: 'service', mustSign: ['host'] };
const NOW = Date.parse('2015-08-30T12:36:00Z');
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

/** A `.req` or `.sreq` file: request line, `Name:value` lines, a blank line, the body. */
function parseRequest(text: string): SignableRequest {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const [requestLine, ...lines] = head.split('\n');
  const [method, url] = requestLine!.split(' ');
  // As Node hands them over: names in lower case, values trimmed, repeats joined by commas.
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { method: method!, url: url!, headers, body: new TextEncoder().encode(body) };
}

const read = (name: string, ext: string): string | undefined => {
  const file = join(DIR, name, `${name}.${ext}`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

const vectors = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('SigV4 verification against the AWS SigV4 test suite', () => {
  it('has the vectors', () => {
    expect(vectors).toContain('post-vanilla');
    expect(vectors.length).toBeGreaterThanOrEqual(14);
  });

  describe.each(vectors)('%s', (name) => {
    const authz = read(name, 'authz')!;
    const auth = parseAuthorization(authz);
    // A vector whose token is sent (signed or not) is verified with a credential that carries it.
    const signedRequest = parseRequest(read(name, 'sreq') ?? read(name, 'req')!);
    const credential: SeedCredential = {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      sessionToken: signedRequest.headers['x-amz-security-token'],
    };
    const withAuth = (req: SignableRequest): SignableRequest => ({ ...req, headers: { ...req.headers, authorization: authz } });

    it('rebuilds the canonical request, the string to sign and the signature', async () => {
      const parts = await signatureParts(parseRequest(read(name, 'req')!), auth, '20150830T123600Z', SECRET);
      const creq = read(name, 'creq');
      const sts = read(name, 'sts');
      if (creq !== undefined) expect(parts.canonicalRequest).toBe(creq);
      if (sts !== undefined) expect(parts.stringToSign).toBe(sts);
      expect(parts.signature).toBe(auth.signature);
    });

    it('accepts the signed request', async () => {
      await expect(verifyRequest(withAuth(signedRequest), [credential], NOW, SUITE)).resolves.toEqual(credential);
    });

    it('refuses it once a signed part has changed', async () => {
      const later = { ...signedRequest, headers: { ...signedRequest.headers, 'x-amz-date': '20150830T123601Z' } };
      expect((await failure(verifyRequest(withAuth(later), [credential], NOW, SUITE))).name).toBe('InvalidSignatureException');
      if (signedRequest.body.length > 0) {
        const body = new TextEncoder().encode('Param1=value2');
        expect((await failure(verifyRequest(withAuth({ ...signedRequest, body }), [credential], NOW, SUITE))).name).toBe(
          'InvalidSignatureException',
        );
      }
    });
  });
});
