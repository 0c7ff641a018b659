import { Readable } from 'node:stream';
import {
  CreateResourceSnapshotJobCommand,
  DeleteResourceSnapshotJobCommand,
  GetResourceSnapshotJobCommand,
  ListEngagementByAcceptingInvitationTasksCommand,
  ListEngagementFromOpportunityTasksCommand,
  ListResourceSnapshotJobsCommand,
  ListTagsForResourceCommand,
  PartnerCentralSellingClient,
  StartResourceSnapshotJobCommand,
  StopResourceSnapshotJobCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-partnercentral-selling';
import type { CredentialProvider } from '../api/options.js';
import { parseErrorResponse } from '../api/errors.js';
import { operationClass } from '../model/index.js';
import { shapeOf, type Shape } from './shape.js';

/**
 * The official AWS SDK client, so that what the suite observes is what any SDK user gets, and
 * not what cosell's own client makes of it.
 */
const COMMANDS = {
  CreateResourceSnapshotJob: CreateResourceSnapshotJobCommand,
  GetResourceSnapshotJob: GetResourceSnapshotJobCommand,
  ListResourceSnapshotJobs: ListResourceSnapshotJobsCommand,
  StartResourceSnapshotJob: StartResourceSnapshotJobCommand,
  StopResourceSnapshotJob: StopResourceSnapshotJobCommand,
  DeleteResourceSnapshotJob: DeleteResourceSnapshotJobCommand,
  ListTagsForResource: ListTagsForResourceCommand,
  TagResource: TagResourceCommand,
  UntagResource: UntagResourceCommand,
  ListEngagementFromOpportunityTasks: ListEngagementFromOpportunityTasksCommand,
  ListEngagementByAcceptingInvitationTasks: ListEngagementByAcceptingInvitationTasksCommand,
} as const;

export type SuiteOperation = keyof typeof COMMANDS;

type SdkCommand = Parameters<PartnerCentralSellingClient['send']>[0];
type Middleware = Parameters<SdkCommand['middlewareStack']['addRelativeTo']>[0];
interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: AsyncIterable<Uint8Array> | Readable;
}

/** What one call showed: its HTTP status, error type and answer shape (values only for checks). */
export interface Observation {
  operation: SuiteOperation;
  /** Absent when no HTTP answer came (connection refused, reset, timeout). */
  status?: number;
  error?: string;
  /** ValidationException's or AccessDeniedException's Reason. */
  reason?: string;
  /** The error's message, as the service wrote it. */
  message?: string;
  /** The body's shape; of an error, its members other than the type and message. */
  shape: Shape;
  attempts: number;
  requestId?: string;
  /** No connection was made (refused, or no such host): the request surely did nothing. */
  unsent?: boolean;
  /** The parsed body of a success, for the steps' checks; never reported. */
  body?: unknown;
}

/**
 * How a call is signed: as the run's credentials say, or wrongly on purpose, to see how the
 * service's front end refuses it.
 */
export type Signing = 'normal' | 'unknown-key' | 'wrong-secret' | 'skewed-clock';

export type Call = (operation: SuiteOperation, input: Record<string, unknown>, signing?: Signing) => Promise<Observation>;

/** Socket errors that leave no doubt: the request never reached a server. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Far enough off for any service to refuse (AWS allows 5 minutes; the emulator 15). */
const CLOCK_SKEW_MS = -20 * 60_000;

export interface SdkCaller {
  call: Call;
  close(): void;
}

/** Keeps the raw HTTP answer of the last attempt, and puts its body back for the SDK to parse. */
function captureRaw(into: { raw?: { status: number; headers: Record<string, string>; text: string } }): Middleware {
  return ((next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
    into.raw = undefined;
    const out = await next(args);
    const res = out.response as RawResponse;
    const chunks: Buffer[] = [];
    if (res.body) for await (const chunk of res.body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    const buf = Buffer.concat(chunks);
    into.raw = { status: res.statusCode, headers: res.headers, text: buf.toString('utf8') };
    res.body = Readable.from([buf]);
    return out;
  }) as unknown as Middleware;
}

/** An error type or reason as the service sent it, quoted if it is not a plain name (it reaches a terminal). */
function plain(value: string | undefined): string | undefined {
  return value === undefined || /^[A-Za-z0-9_.:-]+$/.test(value) ? value : JSON.stringify(value);
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createCaller(options: {
  endpoint: string;
  region: string;
  credentials: CredentialProvider;
  maxAttempts: number;
  writeIntervalMs: number;
}): SdkCaller {
  const base = { endpoint: options.endpoint, region: options.region };
  const clients = new Map<Signing, PartnerCentralSellingClient>();
  // A wrongly signed call is not retried: a retry would only fix the clock, or fail the same way.
  const clientFor = (signing: Signing): PartnerCentralSellingClient => {
    let c = clients.get(signing);
    if (c) return c;
    if (signing === 'normal')
      c = new PartnerCentralSellingClient({ ...base, credentials: options.credentials, maxAttempts: options.maxAttempts });
    else if (signing === 'skewed-clock')
      c = new PartnerCentralSellingClient({ ...base, credentials: options.credentials, maxAttempts: 1, systemClockOffset: CLOCK_SKEW_MS });
    else if (signing === 'unknown-key')
      c = new PartnerCentralSellingClient({
        ...base,
        credentials: { accessKeyId: 'AKIDCOSELLCONFORMANCE', secretAccessKey: 'cosell-conformance-unknown-key' },
        maxAttempts: 1,
      });
    else
      c = new PartnerCentralSellingClient({
        ...base,
        credentials: async () => {
          const real = await options.credentials();
          return { ...real, secretAccessKey: `${real.secretAccessKey}-wrong` };
        },
        maxAttempts: 1,
      });
    clients.set(signing, c);
    return c;
  };
  let nextWrite = 0;

  const call: Call = async (operation, input, signing = 'normal') => {
    if (operationClass(operation) === 'write') {
      const wait = nextWrite - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      nextWrite = Date.now() + options.writeIntervalMs;
    }
    const Ctor = COMMANDS[operation] as unknown as new (input: Record<string, unknown>) => SdkCommand;
    const command = new Ctor(input);
    const seen: { raw?: { status: number; headers: Record<string, string>; text: string } } = {};
    command.middlewareStack.addRelativeTo(captureRaw(seen), {
      relation: 'after',
      toMiddleware: 'deserializerMiddleware',
      name: 'cosellConformanceCapture',
    });
    try {
      const output = (await clientFor(signing).send(command)) as { $metadata: { attempts?: number; requestId?: string } };
      const body = parseBody(seen.raw?.text ?? '');
      return {
        operation,
        status: seen.raw?.status,
        shape: shapeOf(body),
        attempts: output.$metadata.attempts ?? 1,
        requestId: output.$metadata.requestId,
        body,
      };
    } catch (err) {
      const e = err as Error & { $metadata?: { attempts?: number; requestId?: string } };
      const attempts = e.$metadata?.attempts ?? 1;
      if (!seen.raw) {
        const code = (err as { code?: unknown }).code;
        const unsent = typeof code === 'string' && NEVER_CONNECTED.has(code);
        return { operation, error: e.name || 'Error', message: e.message, shape: shapeOf(undefined), attempts, unsent };
      }
      if (seen.raw.status < 300) {
        // An answer the SDK could not read: the service's own words are the body.
        const body = parseBody(seen.raw.text);
        return { operation, status: seen.raw.status, error: e.name || 'Error', message: e.message, shape: shapeOf(body), attempts, body };
      }
      const parsed = parseErrorResponse(seen.raw.status, seen.raw.headers, seen.raw.text);
      return {
        operation,
        status: seen.raw.status,
        error: plain(parsed.name),
        reason: plain(parsed.reason),
        message: parsed.message,
        shape: shapeOf(parsed.members),
        attempts,
        requestId: e.$metadata?.requestId,
      };
    }
  };
  return {
    call,
    close: () => {
      for (const c of clients.values()) c.destroy();
    },
  };
}
