/** The Partner Central Selling client: everything cosell sends to the service goes through here. */
export { createClient, DEFAULT_MAX_SOCKETS, DEFAULT_TIMEOUT_MS } from './client.js';
export type { ClientStats, PaginatedOperation, PartnerCentralClient } from './client.js';
export type { BackoffOptions, ClientOptions, CredentialProvider, StaticCredentials } from './options.js';
export { isServiceError, ServiceError } from './errors.js';
export { CREDENTIALS_WAIT_MS, CredentialsTimeout } from './credentials.js';
export type { ErrorSource } from './errors.js';
export { DEFAULT_REGION, resolveEndpoint, resolveRegion, isLoopback } from './endpoint.js';
export { DEFAULT_MAX_ATTEMPTS, resolveMaxAttempts } from './retry.js';
export { DEFAULT_RATES, resolveRates } from './rate-limit.js';
export type * from './types.js';
