import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isOperationName, SERVICE_TARGET_PREFIX } from '../model/index.js';
import { dispatch, type DispatchDeps } from './dispatch.js';
import { protocolError, type ApiError } from './errors.js';
import { hostRefusal, hostServed, limitConnections, originAllowed, originRefusal, type HostPolicy } from './guard.js';
import { closing, sendError } from './http.js';
import { Paginator } from './paging.js';

export interface ServerDeps extends Omit<DispatchDeps, 'paginator'> {
  hosts: HostPolicy;
  /** Open connections one remote address may hold; past it, 503. */
  maxConnectionsPerClient: number;
}

const forbidden = (message: string): ApiError => closing(protocolError.forbidden(message));

/** The emulator's HTTP server: awsJson1_0 on `POST /`, plus the unsigned `/_emulator/` endpoints. */
export function createEmulatorServer(deps: ServerDeps): Server {
  const dispatchDeps: DispatchDeps = { ...deps, paginator: new Paginator() };
  const checkInterval = Math.min(30_000, Math.max(50, Math.floor(deps.requestTimeoutMs / 4)));
  const server = createServer({
    // Node's own guards: headers that trickle in, and a request that never ends.
    headersTimeout: deps.requestTimeoutMs,
    requestTimeout: deps.requestTimeoutMs * 2,
    connectionsCheckingInterval: checkInterval,
    keepAliveTimeout: 5_000,
  });
  server.maxConnections = 1024;
  const refused = limitConnections(server, deps.maxConnectionsPerClient);

  function admin(req: IncomingMessage, res: ServerResponse, path: string): void {
    req.resume();
    const origin = req.headers.origin;
    if (!originAllowed(origin)) return sendError(res, forbidden(originRefusal(String(origin))));
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

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (refused(req.socket)) return void req.socket.destroy();
    // Checked first, for every path: a name the emulator does not answer to is a rebinding page's.
    if (!hostServed(req.headers.host, deps.hosts)) {
      req.resume();
      return sendError(res, forbidden(hostRefusal(req.headers.host, deps.hosts)));
    }
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
    void dispatch(req, res, path, op, target, dispatchDeps);
  };
  server.on('request', onRequest);
  // Handled like any request: dispatch answers 100 Continue only once the credentials pass.
  server.on('checkContinue', onRequest);
  return server;
}
