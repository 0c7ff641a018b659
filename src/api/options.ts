/** Static credentials; without them the client asks the AWS SDK's Node provider chain. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When these stop working; the client refreshes through `credentialProvider` before then. */
  expiration?: Date;
}

/** Something that hands out credentials, possibly new ones each time (e.g. an AWS SDK provider). */
export type CredentialProvider = () => Promise<StaticCredentials>;

/** Backoff tuning; the defaults are the AWS SDKs'. Tests shrink them so that no test waits seconds. */
export interface BackoffOptions {
  /** Base of the exponential backoff, in ms (default 100). */
  baseMs?: number;
  /** Base after a ThrottlingException, in ms (default 500). */
  throttleBaseMs?: number;
  /** Largest single wait, in ms (default 20,000). */
  capMs?: number;
}

export interface ClientOptions {
  /** Endpoint URL; else AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_ENDPOINT_URL, then the regional one. */
  endpoint?: string;
  /** Signing region; else AWS_REGION, then us-east-1. */
  region?: string;
  /** Shared-config profile for the provider chain; else AWS_PROFILE, then `default`. */
  profile?: string;
  /** Fixed credentials (e.g. the emulator's); skip the provider chain. */
  credentials?: StaticCredentials;
  /** A provider of credentials, used instead of the Node provider chain (refreshed before expiry). */
  credentialProvider?: CredentialProvider;
  /**
   * How long to wait for credentials from a provider, in ms (default 60,000): a credential_process
   * or a credentials endpoint that never answers ends the run with an error instead of holding it.
   */
  credentialsWaitMs?: number;
  /** Attempts per call, first one included; else AWS_MAX_ATTEMPTS, then 5. */
  maxAttempts?: number;
  /** Requests per second by 'read', 'write' or operation name (an operation name wins). */
  rates?: Record<string, number>;
  /** Whole-request timeout (connect, send, response), in ms (default 30,000). */
  timeoutMs?: number;
  /** Most sockets open to the endpoint at once (default 50). */
  maxSockets?: number;
  /** One line per attempt: operation, status, latency, attempt, request id. Never a secret. */
  debug?: (line: string) => void;
  /** Backoff tuning (tests). */
  backoff?: BackoffOptions;
  /** Wall clock in epoch ms, for signing times (tests; default Date.now). */
  now?: () => number;
  /** Source of randomness for the jitter, in [0, 1) (tests). */
  random?: () => number;
}
