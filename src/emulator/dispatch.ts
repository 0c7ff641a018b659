/** One API call: envelope, credentials, body, signature, faults, validation, the handler, the answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { operationClass, operationInfo, SERVICE_TARGET_PREFIX, validateInput, type OperationName } from '../model/index.js';
import { accessDenied, ApiError, internal, protocolError, throttled, validationError } from './errors.js';
import type { Faults } from './faults.js';
import { OPERATION_HANDLERS, settleTasks, type HandlerContext } from './handlers/index.js';
import { checkEnvelope, closing, parseJson, receiveBody, requestHeaders, send, sendError } from './http.js';
import type { Paginator } from './paging.js';
import type { StateWriter } from './persist.js';
import type { SeedCredential } from './seed.js';
import { checkHeaders, checkSignature } from './sigv4.js';
import type { World } from './state.js';
import type { StatsCounter } from './stats.js';

export interface DispatchDeps {
  world: World;
  credentials: readonly SeedCredential[];
  faults: Faults;
  stats: StatsCounter;
  writer?: StateWriter;
  uniqueJobs: boolean;
  taskDelayMs: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  paginator: Paginator;
  /** Aborted on close: pending latency waits end and no more changes are made. */
  signal: AbortSignal;
}

/** The catalog a request acts in: its Catalog member, or the one named in its ResourceArn. */
function catalogOf(input: { Catalog?: unknown; ResourceArn?: unknown }): string | undefined {
  if (typeof input.Catalog === 'string') return input.Catalog;
  if (typeof input.ResourceArn === 'string') return /:catalog\/([A-Za-z]+)\//.exec(input.ResourceArn)?.[1];
  return undefined;
}

/** Authenticates, then reads the body: a client without valid credentials never has its body buffered. */
async function authenticated(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: DispatchDeps,
): Promise<{ body: Buffer; credential: SeedCredential }> {
  checkEnvelope(req, path, deps.maxBodyBytes);
  const headers = requestHeaders(req);
  let checked;
  try {
    checked = checkHeaders(headers, deps.credentials, Date.now());
  } catch (err) {
    throw err instanceof ApiError ? closing(err) : err;
  }
  // A client that waits before sending its body (Expect: 100-continue) is told to go on only now.
  if (/\b100-continue\b/i.test(headers.expect ?? '')) res.writeContinue();
  const body = await receiveBody(req, deps.maxBodyBytes, deps.requestTimeoutMs);
  const credential = await checkSignature({ method: req.method ?? 'POST', url: req.url ?? '/', headers, body }, checked);
  return { body, credential };
}

export async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  op: OperationName | undefined,
  target: string | undefined,
  deps: DispatchDeps,
): Promise<void> {
  const latency = async (): Promise<void> => {
    if (deps.faults.settings.latencyMs > 0) await sleep(deps.faults.settings.latencyMs, undefined, { signal: deps.signal });
  };
  // Set when tasks settled or the handler changed the world: the state file must follow.
  let dirty = false;
  try {
    const { body, credential } = await authenticated(req, res, path, deps);
    if (!op)
      throw protocolError.unknownOperation(
        target ? `Unknown operation ${target}.` : `X-Amz-Target is missing; expected ${SERVICE_TARGET_PREFIX}<Operation>.`,
      );
    const overQuota = deps.faults.throttle(op);
    if (overQuota) {
      deps.stats.throttle();
      throw throttled(overQuota);
    }
    if (deps.faults.fail()) {
      deps.stats.fault();
      throw internal('An internal error occurred (injected by the emulator).');
    }
    const input = parseJson(body);
    const issues = validateInput(op, input);
    if (issues.length > 0) throw validationError('REQUEST_VALIDATION_FAILED', issues);
    const catalog = catalogOf(input as { Catalog?: unknown; ResourceArn?: unknown });
    if (credential.catalogs && catalog !== undefined && !(credential.catalogs as string[]).includes(catalog))
      throw accessDenied(`User ${credential.accessKeyId} is not authorized to perform ${op} on catalog ${catalog}.`);
    if (deps.signal.aborted) return void res.socket?.destroy();

    const ctx: HandlerContext = {
      world: deps.world,
      now: Date.now(),
      uniqueJobs: deps.uniqueJobs,
      taskDelayMs: deps.taskDelayMs,
      paginator: deps.paginator,
    };
    dirty = settleTasks(ctx);
    const result = OPERATION_HANDLERS.get(op)!(ctx, input as Record<string, unknown>);
    dirty ||= result.changed;
    if (dirty && deps.writer) {
      dirty = false;
      await deps.writer.save().catch((err: Error) => {
        throw internal(err.message);
      });
    }
    if (result.changed && operationClass(op) === 'write' && deps.faults.commitDrop()) {
      deps.stats.fault();
      return void res.socket?.destroy();
    }
    await latency();
    const status = operationInfo(op).successCode;
    send(res, status, status === 204 ? undefined : JSON.stringify(result.output));
  } catch (err) {
    if (deps.signal.aborted) return void res.socket?.destroy();
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else {
      process.stderr.write(`cosell emulator: ${(err as Error).stack ?? String(err)}\n`);
      apiError = internal(`An internal error occurred: ${(err as Error).message}`);
    }
    if (dirty && deps.writer) await deps.writer.save().catch(() => undefined);
    try {
      await latency();
    } catch {
      return void res.socket?.destroy();
    }
    sendError(res, apiError);
  }
}
