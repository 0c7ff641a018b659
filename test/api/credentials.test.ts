import { describe, expect, it } from 'vitest';
import { CredentialsTimeout, credentialSource, memoizeCredentials, REFRESH_BEFORE_EXPIRY_MS } from '../../src/api/credentials.js';
import type { StaticCredentials } from '../../src/api/options.js';

function counting(make: (n: number) => StaticCredentials) {
  let calls = 0;
  const provider = async () => make(++calls);
  return { provider, calls: () => calls };
}

describe('credential refresh', () => {
  it('fetches long-lived credentials once, for concurrent callers too', async () => {
    const p = counting((n) => ({ accessKeyId: `AKID${n}`, secretAccessKey: 's' }));
    const get = memoizeCredentials(p.provider, () => 0);
    const got = await Promise.all([get(), get(), get()]);
    expect(got.map((c) => c.accessKeyId)).toEqual(['AKID1', 'AKID1', 'AKID1']);
    expect((await get()).accessKeyId).toBe('AKID1');
    expect(p.calls()).toBe(1);
  });

  it('refreshes before expiry without making the caller wait, then hands out the new ones', async () => {
    let now = 0;
    const hour = 3_600_000;
    const p = counting((n) => ({ accessKeyId: `AKID${n}`, secretAccessKey: 's', expiration: new Date(now + hour) }));
    const get = memoizeCredentials(p.provider, () => now);
    expect((await get()).accessKeyId).toBe('AKID1');
    now = hour - REFRESH_BEFORE_EXPIRY_MS - 1;
    expect((await get()).accessKeyId).toBe('AKID1');
    expect(p.calls()).toBe(1);
    now = hour - REFRESH_BEFORE_EXPIRY_MS + 1;
    expect((await get()).accessKeyId).toBe('AKID1');
    await Promise.resolve();
    expect(p.calls()).toBe(2);
    expect((await get()).accessKeyId).toBe('AKID2');
  });

  it('waits for new credentials once the old ones have expired', async () => {
    let now = 0;
    const p = counting((n) => ({ accessKeyId: `AKID${n}`, secretAccessKey: 's', expiration: new Date(now + 1000) }));
    const get = memoizeCredentials(p.provider, () => now);
    await get();
    now = 5000;
    expect((await get()).accessKeyId).toBe('AKID2');
  });

  it('keeps using valid credentials while a refresh fails', async () => {
    let now = 0;
    let fail = false;
    const get = memoizeCredentials(
      async () => {
        if (fail) throw new Error('sso session expired');
        return { accessKeyId: 'AKID', secretAccessKey: 's', expiration: new Date(now + 600_000) };
      },
      () => now,
    );
    await get();
    fail = true;
    now = 400_000;
    expect((await get()).accessKeyId).toBe('AKID');
  });

  it('explains a provider failure and how to give credentials', async () => {
    const get = credentialSource({
      credentialProvider: async () => {
        throw new Error('Could not load credentials from any providers');
      },
    });
    await expect(get()).rejects.toThrow(
      /^could not load AWS credentials from (the default chain|profile "[^"]+" \(AWS_PROFILE\)): Could not load credentials from any providers\. Set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --emulator\.$/,
    );
  });

  it('refuses static credentials without a secret', () => {
    expect(() => credentialSource({ credentials: { accessKeyId: 'AKID', secretAccessKey: '' } })).toThrow(
      'credentials need both an access key id and a secret access key',
    );
  });
});

describe('the wait for credentials', () => {
  it('ends a provider that never answers with a clear error, once the wait has passed', async () => {
    const never = credentialSource({ credentialProvider: () => new Promise(() => {}), credentialsWaitMs: 50 });
    const err = await never().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CredentialsTimeout);
    expect((err as Error).message).toMatch(
      /^could not load AWS credentials from the default chain: no answer in 0\.05 s \(a credential_process, or a credentials endpoint, that does not answer; --credentials-timeout sets the wait\)\. Set AWS_PROFILE/,
    );
  });

  it('takes an answer that comes within the wait, and a failure as the provider says it', async () => {
    const slow = credentialSource({
      credentialProvider: () => new Promise((resolve) => setTimeout(() => resolve({ accessKeyId: 'AKIDSLOW', secretAccessKey: 's' }), 20)),
      credentialsWaitMs: 5_000,
    });
    expect((await slow()).accessKeyId).toBe('AKIDSLOW');
    const failing = credentialSource({ credentialProvider: () => Promise.reject(new Error('no such profile')), credentialsWaitMs: 5_000 });
    await expect(failing()).rejects.toThrow(/^could not load AWS credentials from the default chain: no such profile\. /);
  });
});
