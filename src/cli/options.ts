import { InvalidArgumentError, type Command } from 'commander';
import type { ClientOptions } from '../api/index.js';
// The rate limiter's own file, not the client's index: every command registers this flag at start.
import { resolveRates } from '../api/rate-limit.js';
import { parseOpValue } from '../util/op-value.js';
import { parseDuration } from '../apply/approve.js';

/** The global flags that configure the service client, as commander parses them. */
export interface ClientFlags {
  profile?: string;
  region?: string;
  endpoint?: string;
  maxAttempts?: number;
  rate?: Record<string, number>;
  debug?: boolean;
  credentialsTimeout?: number;
}

/** `--max-attempts N`: a whole number from 1 to 100. */
export function parseMaxAttempts(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > 100) {
    throw new InvalidArgumentError(`expected a whole number of attempts from 1 to 100, not "${value}"`);
  }
  return n;
}

/** `--rate OP=TPS`, repeatable: collects into one map; OP is read, write or an operation name. */
export function parseRate(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const parsed = parseOpValue(value);
  if (!parsed) throw new InvalidArgumentError(`expected OP=TPS, e.g. read=10 or StartEngagementFromOpportunityTask=1, not "${value}"`);
  const { op, value: tps } = parsed;
  try {
    resolveRates({ [op]: tps });
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
  return { ...previous, [op]: tps };
}

/** A duration flag (`--credentials-timeout 30s`, `--task-timeout 10m`), in ms. */
export function parseDurationFlag(value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

/** Adds --profile, --region, --endpoint, --max-attempts, --rate, --credentials-timeout and --debug to a command. */
export function addClientOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS shared-config profile for credentials (else AWS_PROFILE)')
    .option('--region <region>', 'AWS region to sign for (else AWS_REGION, then us-east-1)')
    .option('--endpoint <url>', 'service endpoint URL (else AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_ENDPOINT_URL)')
    .option('--max-attempts <n>', 'attempts per API call, first included (else AWS_MAX_ATTEMPTS, then 5)', parseMaxAttempts)
    .option('--rate <op=tps>', 'client-side rate limit; OP is read, write or an operation name (repeatable)', parseRate)
    .option(
      '--credentials-timeout <duration>',
      'how long to wait for credentials from a profile or the environment, e.g. 30s (default 60s)',
      parseDurationFlag,
    )
    .option('--debug', 'print one line per API request attempt to stderr (never credentials)');
}

/** The client options the parsed flags ask for; `--debug` lines go to `stderr`. */
export function clientOptionsFrom(
  flags: ClientFlags,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): ClientOptions {
  const options: ClientOptions = {};
  if (flags.profile) options.profile = flags.profile;
  if (flags.region) options.region = flags.region;
  if (flags.endpoint) options.endpoint = flags.endpoint;
  if (flags.maxAttempts !== undefined) options.maxAttempts = flags.maxAttempts;
  if (flags.rate && Object.keys(flags.rate).length > 0) options.rates = { ...flags.rate };
  if (flags.debug) options.debug = (line) => stderr(`${line}\n`);
  if (flags.credentialsTimeout !== undefined) options.credentialsWaitMs = flags.credentialsTimeout;
  return options;
}
