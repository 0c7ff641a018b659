import { NodeSha256 as Sha256 } from '../../src/util/sha256.js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyRequest, type SignableRequest } from '../../src/emulator/sigv4.js';
import { EXAMPLE_KEY, failure } from '../support/emulator.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');

/** A request as an SDK signs it, then as the emulator's HTTP layer hands it to the verifier. */
async function signedRequest(target: string, body: string, extra: Record<string, string>): Promise<SignableRequest> {
  const headers = { host: '127.0.0.1:4599', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, ...extra };
  const signer = new SignatureV4({ credentials: EXAMPLE_KEY, region: 'us-east-1', service: 'partnercentral-selling', sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4599, path: '/', headers, body }),
    {
      signingDate: new Date(NOW),
    },
  );
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers as Record<string, string>)) lower[k.toLowerCase()] = v.trim();
  return { method: 'POST', url: '/', headers: lower, body: new TextEncoder().encode(body) };
}

const headerValue = fc.string({ minLength: 1, maxLength: 20 }).filter((v) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v));

describe('SigV4 verification (properties)', () => {
  it('accepts what @smithy/signature-v4 signs, and refuses it once the body, a signed header or the operation changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), headerValue, fc.integer({ min: 0, max: 199 }), async (body, value, at) => {
        const req = await signedRequest('AWSPartnerCentralSelling.GetResourceSnapshotJob', body, { 'x-custom': value });
        await expect(verifyRequest(req, [EXAMPLE_KEY], NOW)).resolves.toEqual(EXAMPLE_KEY);

        const bytes = new TextEncoder().encode(`${body}x`);
        const pos = at % bytes.length;
        bytes[pos] = bytes[pos]! ^ 1;
        // Without the claimed payload hash, so that the signature itself has to catch it.
        const { 'x-amz-content-sha256': _claimed, ...unclaimed } = req.headers;
        const changedBody = { ...req, body: bytes, headers: unclaimed };
        expect((await failure(verifyRequest(changedBody, [EXAMPLE_KEY], NOW))).name).toBe('InvalidSignatureException');

        const changedHeader = { ...req, headers: { ...req.headers, 'x-custom': `${value}!` } };
        expect((await failure(verifyRequest(changedHeader, [EXAMPLE_KEY], NOW))).name).toBe('InvalidSignatureException');

        const replayed = { ...req, headers: { ...req.headers, 'x-amz-target': 'AWSPartnerCentralSelling.DeleteResourceSnapshotJob' } };
        expect((await failure(verifyRequest(replayed, [EXAMPLE_KEY], NOW))).name).toBe('InvalidSignatureException');
      }),
      { numRuns: 50 },
    );
  });
});
