import type { ClientOptions, PartnerCentralClient } from '../../src/api/index.js';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { startTestEmulator, testClient } from '../support/emulator.js';

export const ACCOUNT = '123456789012';
export const ENGAGEMENT = 'eng-acmemigration1';

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
  return startTestEmulator({ seed: SEED, ...options });
}

/** The test client at 1000 calls a second. */
export function clientOf(emu: Emulator, options: ClientOptions = {}): PartnerCentralClient {
  return testClient(emu, { rates: { read: 1000, write: 1000 }, ...options });
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
