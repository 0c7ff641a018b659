/** The fixtures of the tests that talk to an emulator: its example credential, an emulator on a free loopback port, our client pointed at it. */
import { createClient, type ClientOptions, type PartnerCentralClient } from '../../src/api/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { isOperationName, operationClass } from '../../src/model/index.js';

/** The credential printed in every AWS example; an emulator accepts it unless its seed says otherwise. */
export const EXAMPLE_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** An emulator on a free port of 127.0.0.1, whose tasks finish at once unless `options` say otherwise. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, taskDelayMs: 0, ...options });
}

/** Our client, pointed at the emulator with the example key: tiny backoff and generous rates, so that no test waits. */
export function testClient(emu: { url: string }, options: ClientOptions = {}): PartnerCentralClient {
  return createClient({
    endpoint: emu.url,
    credentials: EXAMPLE_KEY,
    backoff: { baseMs: 1, throttleBaseMs: 5, capMs: 50 },
    rates: { read: 10_000, write: 10_000 },
    ...options,
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a failure, but it succeeded');
}

/** The write operations an emulator was sent, in the order it counts them: a refusal expects none. */
export function mutatingCalls(emu: Emulator): string[] {
  return Object.entries(emu.stats().calls)
    .filter(([op, n]) => n > 0 && isOperationName(op) && operationClass(op) === 'write')
    .map(([op]) => op);
}
