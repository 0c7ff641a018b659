import { CosellError } from '../util/errors.js';
import type { CredentialProvider, StaticCredentials } from './options.js';

/**
 * How long a provider may take before the run gives up on it. The SDK's chain has no limit of its
 * own for a credential_process (it may prompt for a second factor, so this is generous), and its
 * container provider only warns when its request timeout passes: without one, either could hold a
 * run, a CI job with it, for ever.
 */
export const CREDENTIALS_WAIT_MS = 60_000;

/** No credentials from a provider within the wait: the run ends; what the provider started is left behind. */
export class CredentialsTimeout extends CosellError {}

/** Refresh credentials this long before they expire, as the AWS SDKs do. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** After a refresh that still leaves credentials close to expiry, wait this long before asking again. */
const RETRY_REFRESH_MS = 30_000;

/**
 * Wraps a provider so that credentials are fetched once and reused, refreshed shortly before
 * they expire, and fetched once for all callers waiting at the same moment. While a refresh
 * fails, credentials that are still valid go on being used.
 */
export function memoizeCredentials(provider: CredentialProvider, now: () => number = Date.now): CredentialProvider {
  let current: StaticCredentials | undefined;
  let inflight: Promise<StaticCredentials> | undefined;
  let nextCheck = 0;

  const fetch = (): Promise<StaticCredentials> => {
    inflight ??= provider()
      .then((c) => {
        current = c;
        nextCheck = now() + RETRY_REFRESH_MS;
        return c;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  return async () => {
    const t = now();
    const exp = current?.expiration?.getTime();
    if (!current || (exp !== undefined && exp <= t)) return fetch();
    if (exp !== undefined && exp - t < REFRESH_BEFORE_EXPIRY_MS && t >= nextCheck) {
      nextCheck = t + RETRY_REFRESH_MS;
      // Still valid: refresh without making this call wait, and keep the old ones on failure.
      fetch().catch(() => undefined);
    }
    return current;
  };
}

/**
 * The credentials a client signs with: the given static ones, a given provider, or the AWS SDK's
 * Node provider chain (environment, SSO, shared config and credentials files with `profile` or
 * AWS_PROFILE, credential_process, web identity, container and instance metadata).
 */
export function credentialSource(options: {
  credentials?: StaticCredentials;
  credentialProvider?: CredentialProvider;
  profile?: string;
  credentialsWaitMs?: number;
}): CredentialProvider {
  if (options.credentials) {
    const c = options.credentials;
    if (!c.accessKeyId || !c.secretAccessKey) throw new CosellError('credentials need both an access key id and a secret access key');
    return async () => c;
  }
  const profile = options.profile?.trim() || undefined;
  const raw = options.credentialProvider ?? nodeProviderChain(profile);
  const described = profile
    ? `profile "${profile}"`
    : process.env.AWS_PROFILE
      ? `profile "${process.env.AWS_PROFILE}" (AWS_PROFILE)`
      : 'the default chain';
  const waitMs = options.credentialsWaitMs ?? CREDENTIALS_WAIT_MS;
  const advice = 'Set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --emulator.';
  const late = () =>
    new CredentialsTimeout(
      `could not load AWS credentials from ${described}: no answer in ${waitMs / 1000} s ` +
        `(a credential_process, or a credentials endpoint, that does not answer; --credentials-timeout sets the wait). ${advice}`,
    );
  return memoizeCredentials(async () => {
    try {
      const c = await within(raw(), waitMs, late);
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
    } catch (err) {
      if (err instanceof CredentialsTimeout) throw err;
      // The providers' messages name files and profiles, never key material.
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new CosellError(`could not load AWS credentials from ${described}: ${why}. ${advice}`);
    }
  });
}

/**
 * The AWS SDK's Node provider chain, loaded when first asked for: it is a large tree of modules,
 * and the most common source, keys in the environment, needs none of it. The chain's first link
 * is taken here as the chain takes it: the keys when both are set and no profile is named (a
 * named profile, --profile or AWS_PROFILE, makes the chain pass the keys over).
 */
function nodeProviderChain(profile: string | undefined): CredentialProvider {
  let chain: Promise<CredentialProvider> | undefined;
  return async () => {
    const env = process.env;
    if (!profile && !env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
      return {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
      };
    }
    chain ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain }) =>
      fromNodeProviderChain(profile ? { profile } : {}),
    );
    return (await chain)();
  };
}

/** `work`, or `late()` once `ms` have passed; a later answer of `work` is dropped. */
function within<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
