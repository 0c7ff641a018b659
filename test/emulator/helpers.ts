import { CreateResourceSnapshotJobCommand, PartnerCentralSellingClient } from '@aws-sdk/client-partnercentral-selling';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { EXAMPLE_KEY, startTestEmulator } from '../support/emulator.js';

export const SEED_FILE = 'examples/emulator-seed.yaml';
export const ACCOUNT = '123456789012';

/** An emulator on a free loopback port, seeded with the example seed and quick tasks. */
export function start(options: EmulatorOptions = {}): Promise<Emulator> {
  return startTestEmulator({ seed: SEED_FILE, taskDelayMs: 20, ...options });
}

/** The official SDK client, pointed at the emulator. */
export function client(emu: Emulator, maxAttempts = 1): PartnerCentralSellingClient {
  return new PartnerCentralSellingClient({ endpoint: emu.url, region: 'us-east-1', credentials: EXAMPLE_KEY, maxAttempts });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Creates the example seed's job on eng-acmemigration1 / O1001 (a ClientToken if given). */
export function createExampleJob(clientToken?: string): CreateResourceSnapshotJobCommand {
  return new CreateResourceSnapshotJobCommand({
    Catalog: 'Sandbox',
    EngagementIdentifier: 'eng-acmemigration1',
    ResourceType: 'Opportunity',
    ResourceIdentifier: 'O1001',
    ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
    ...(clientToken === undefined ? {} : { ClientToken: clientToken }),
  });
}
