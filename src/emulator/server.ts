import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isOperationName,
  operationClass,
  operationInfo,
  SERVICE_TARGET_PREFIX,
  validateInput,
  type OperationName,
} from '../api/model/index.js';
import { accessDenied, ApiError, errorBody, internal, protocolError, throttled, validationError } from './errors.js';
import type { Faults } from './faults.js';
import { OPERATION_HANDLERS, settleTasks, type HandlerContext } from './handlers/index.js';
import { Paginator } from './paging.js';
import type { StateWriter } from './persist.js';
import type { SeedCredential } from './seed.js';
import { verifySignature } from './sigv4.js';
import type { World } from './state.js';
import type { StatsCounter } from './stats.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';

export interface ServerDeps {
  world: World;
  credentials: readonly SeedCredential[];
  faults: Faults;
  stats: StatsCounter;
  writer?: StateWriter;
  uniqueJobs: boolean;
  taskDelayMs: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  /** Aborted on close: pending latency waits end and no more changes are made. */
  signal: AbortSignal;
}

/** Reads a whole body, refusing one over `limit` bytes or one that takes longer than `timeoutMs`. */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: ApiError): void => {
      cleanup();
      reject(err);
    };
    const timer = setTimeout(() => fail(protocolError.timeout()), timeoutMs);
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) fail(protocolError.tooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onAborted = (): void => fail(protocolError.serialization('The request body ended early.'));
    const cleanup = (): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('aborted', onAborted);
  });
}

function send(res: ServerResponse, status: number, body: string | undefined, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const all: Record<string, string | number> = { 'x-amzn-RequestId': randomUUID(), ...headers };
  if (body !== undefined) {
    all['Content-Type'] = CONTENT_TYPE;
    all['Content-Length'] = Buffer.byteLength(body);
  }
  res.writeHead(status, all);
  res.end(body);
}

function sendError(res: ServerResponse, err: ApiError): void {
  const { status, headers, body } = errorBody(err);
  if (err.closeConnection) {
    headers['Connection'] = 'close';
    res.once('finish', () => res.socket?.destroySoon());
  }
  send(res, status, body, headers);
}

function closing(err: ApiError): ApiError {
  err.closeConnection = true;
  return err;
}

/** Checks what can be checked before the body arrives, then reads it. */
async function receive(req: IncomingMessage, path: string, maxBodyBytes: number, timeoutMs: number): Promise<Buffer> {
  if (req.method !== 'POST' || path !== '/')
    throw protocolError.notFound(`The service answers POST / only, not ${req.method} ${path}.`);
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw closing(protocolError.tooLarge(maxBodyBytes));
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== CONTENT_TYPE)
    throw closing(protocolError.serialization(`Content-Type must be ${CONTENT_TYPE}, not ${type || 'absent'}.`));
  try {
    return await readBody(req, maxBodyBytes, timeoutMs);
  } catch (err) {
    throw err instanceof ApiError ? closing(err) : err;
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw protocolError.serialization(`The request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The emulator's HTTP server: awsJson1_0 on `POST /`, plus the unsigned `/_emulator/` endpoints. */
export function createEmulatorServer(deps: ServerDeps): Server {
  const paginator = new Paginator();
  const checkInterval = Math.min(30_000, Math.max(50, Math.floor(deps.requestTimeoutMs / 4)));
  const server = createServer({
    // Node's own guards: headers that trickle in, and a request that never ends.
    headersTimeout: deps.requestTimeoutMs,
    requestTimeout: deps.requestTimeoutMs * 2,
    connectionsCheckingInterval: checkInterval,
    keepAliveTimeout: 5_000,
  });
  server.maxConnections = 1024;

  async function latency(): Promise<void> {
    if (deps.faults.settings.latencyMs > 0) await sleep(deps.faults.settings.latencyMs, undefined, { signal: deps.signal });
  }

  function admin(req: IncomingMessage, res: ServerResponse, path: string): void {
    req.resume();
    if (req.method === 'GET' && path === '/_emulator/stats') {
      const body = JSON.stringify(deps.stats.snapshot());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else if (req.method === 'POST' && path === '/_emulator/reset-stats') {
      deps.stats.reset();
      res.writeHead(204);
      res.end();
    } else {
      sendError(res, protocolError.notFound(`No emulator endpoint ${req.method} ${path}.`));
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string, op: OperationName | undefined, target: string | undefined): Promise<void> {
    // Set when tasks settled or the handler changed the world: the state file must follow.
    let dirty = false;
    try {
      const body = await receive(req, path, deps.maxBodyBytes, deps.requestTimeoutMs);
      const credential = await verifySignature(req, body, deps.credentials, Date.now());
      if (!op)
        throw protocolError.unknownOperation(
          target ? `Unknown operation ${target}.` : `X-Amz-Target is missing; expected ${SERVICE_TARGET_PREFIX}<Operation>.`,
        );
      if (deps.faults.throttle(op)) {
        deps.stats.throttle();
        throw throttled(`Rate exceeded for ${op}.`);
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
        paginator,
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

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/_emulator/')) return admin(req, res, path);
    const targetHeader = req.headers['x-amz-target'];
    const target = typeof targetHeader === 'string' ? targetHeader : undefined;
    const name = target?.startsWith(SERVICE_TARGET_PREFIX) ? target.slice(SERVICE_TARGET_PREFIX.length) : undefined;
    const op = name !== undefined && isOperationName(name) ? name : undefined;
    if (op) deps.stats.call(op);
    if (deps.faults.drop()) {
      deps.stats.fault();
      return void req.socket.destroy();
    }
    void api(req, res, path, op, target);
  });
  return server;
}

/** The catalog a request acts in: its Catalog member, or the one named in its ResourceArn. */
function catalogOf(input: { Catalog?: unknown; ResourceArn?: unknown }): string | undefined {
  if (typeof input.Catalog === 'string') return input.Catalog;
  if (typeof input.ResourceArn === 'string') return /:catalog\/([A-Za-z]+)\//.exec(input.ResourceArn)?.[1];
  return undefined;
}
