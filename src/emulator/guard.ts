/**
 * Who may talk to the emulator. Its default credentials are public, so a web page that gets a
 * browser to reach it (DNS rebinding, a cross-origin form) could drive it: requests must name it
 * by a local name in Host, `/_emulator/` endpoints refuse foreign pages, and one client address
 * cannot hold every connection.
 */
import { isIP } from 'node:net';
import type { Server, Socket } from 'node:net';
import { CONTENT_TYPE } from './http.js';

/** A Host header's host name (no port, no brackets, lower case), or undefined when malformed. */
export function hostName(header: string): string | undefined {
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!m) return undefined;
  return normalName(m[1] ?? m[2]!);
}

function normalName(name: string): string {
  const lower = name.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** localhost, 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(name: string): boolean {
  const n = normalName(name);
  if (n === 'localhost' || n.endsWith('.localhost')) return true;
  const v4 = n.startsWith('::ffff:') ? n.slice(7) : n;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  if (isIP(n) !== 6) return false;
  // The URL parser writes every IPv6 address in one compressed form.
  const compressed = new URL(`http://[${n}]`).hostname;
  return compressed === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(compressed);
}

export interface HostPolicy {
  /** The address the server listens on. */
  bound: string;
  /** Further names given with --allow-host. */
  allowed: readonly string[];
}

/** Whether a Host header names the emulator: a loopback name, the bound address, or an allowed name. */
export function hostServed(header: string | undefined, policy: HostPolicy): boolean {
  const name = header === undefined ? undefined : hostName(header);
  if (name === undefined) return false;
  return isLoopback(name) || name === normalName(policy.bound) || policy.allowed.some((a) => normalName(a) === name);
}

export function hostRefusal(header: string | undefined, policy: HostPolicy): string {
  const shown = header === undefined ? 'no Host header' : `Host ${JSON.stringify(header)}`;
  const name = header === undefined ? undefined : hostName(header);
  const hint = name
    ? `If ${name} names this machine, start the emulator with --allow-host ${name}.`
    : 'Allow another name with --allow-host NAME.';
  return `The emulator does not serve ${shown}: it answers only requests addressed to localhost, a loopback address or the address it listens on (${policy.bound}). ${hint}`;
}

/** An absent Origin (curl, SDKs, tests) or a page served from a loopback address. */
export function originAllowed(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

export function originRefusal(origin: string): string {
  return (
    `The emulator's /_emulator/ endpoints refuse requests from the web page at Origin ${JSON.stringify(origin)}: ` +
    'only pages served from a loopback address may call them; local tools that send no Origin always can.'
  );
}

const HOST_NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i;

/** An --allow-host value, a host name or an address without a port, or undefined when it is neither. */
export function allowedHostName(value: string): string | undefined {
  const bare = value.trim().replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) !== 0 || HOST_NAME.test(bare) ? normalName(bare) : undefined;
}

const TOO_MANY = JSON.stringify({
  __type: 'com.amazonaws.partnercentralselling#ServiceUnavailableException',
  message: 'Too many connections from this address; retry later.',
});

/**
 * At most `perClient` open connections from one remote address: the next ones get 503 at once
 * and are closed, so a flood of idle connections from one client leaves room for the others.
 */
export function limitConnections(server: Server, perClient: number): (socket: Socket) => boolean {
  const open = new Map<string, number>();
  const refused = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    const who = socket.remoteAddress ?? '';
    const count = open.get(who) ?? 0;
    if (count >= perClient) {
      refused.add(socket);
      socket.on('error', () => undefined);
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\n' +
          `X-Amzn-ErrorType: ServiceUnavailableException\r\nContent-Type: ${CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(TOO_MANY)}\r\n\r\n${TOO_MANY}`,
      );
      socket.destroySoon();
      return;
    }
    open.set(who, count + 1);
    socket.once('close', () => {
      const left = (open.get(who) ?? 1) - 1;
      if (left > 0) open.set(who, left);
      else open.delete(who);
    });
  });
  // Node's HTTP parser still reads a refused socket until it closes: its requests are not served.
  return (socket) => refused.has(socket);
}
