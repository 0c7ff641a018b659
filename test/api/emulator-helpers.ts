import { startEmulator } from '../../src/emulator/index.js';
import { createClient, type ClientOptions, type PartnerCentralClient } from '../../src/api/index.js';

export const EXAMPLE_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
export const ACCOUNT = '123456789012';
export const ENGAGEMENT = 'eng-acmemigration1';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type EmulatorOptions = Omit<Parameters<typeof startEmulator>[0], 'port' | 'host'>;

/** A seed with a few engagements and opportunities, and the example credential. */
export const SEED = {
  catalogs: {
    Sandbox: {
      engagements: [ENGAGEMENT, 'eng-globexretail02'],
      opportunities: ['O1001', 'O1002', 'O1003', 'O1004', 'O1005', 'O2001', 'O2002', 'O2003'],
      invitations: ['engi-globexinvite1', 'engi-globexinvite2'],
    },
  },
};

export function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, host: '127.0.0.1', seed: SEED, taskDelayMs: 0, ...options });
}

/** A client of the emulator with tiny backoff bases, so that no test waits long. */
export function clientOf(emu: Emulator, options: ClientOptions = {}): PartnerCentralClient {
  return createClient({
    endpoint: emu.url,
    credentials: EXAMPLE_KEY,
    backoff: { baseMs: 1, throttleBaseMs: 5, capMs: 50 },
    rates: { read: 1000, write: 1000 },
    ...options,
  });
}

/** Runs `body` with environment variables set (undefined: removed), then puts them back. */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T> | T): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Catches the error a promise rejects with. */
export async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a failure, got a result');
}

export function jobInput(opportunity: string, token?: string) {
  return {
    Catalog: 'Sandbox',
    ...(token ? { ClientToken: token } : {}),
    EngagementIdentifier: ENGAGEMENT,
    ResourceType: 'Opportunity' as const,
    ResourceIdentifier: opportunity,
    ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
  };
}
