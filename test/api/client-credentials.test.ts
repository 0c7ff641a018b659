import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/index.js';
import { CosellError } from '../../src/util/errors.js';
import { emulator, SEED } from './emulator-helpers.js';
import { EXAMPLE_KEY, failure } from '../support/emulator.js';
import { childEnv, NO_AMBIENT_CREDENTIALS, withEnv } from '../support/env.js';
import { runCosell } from '../support/cli.js';
import type { Emulator } from '../../src/emulator/index.js';

const TEMP = {
  accessKeyId: 'ASIAPROFILETEMP00001',
  secretAccessKey: 'profileTempSecret/000000000000000000000',
  sessionToken: 'profile-session-token-0001',
};
const PROCESS = { accessKeyId: 'AKIDFROMPROCESS00001', secretAccessKey: 'processSecret/0000000000000000000000000' };

let emu: Emulator;
let dir: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  emu = await emulator({ seed: { ...SEED, credentials: [EXAMPLE_KEY, TEMP, PROCESS] } });
  dir = mkdtempSync(join(tmpdir(), 'cosell-aws-'));
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  const processScript = join(dir, 'creds.cjs');
  writeFileSync(
    processScript,
    `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(PROCESS.accessKeyId)}, SecretAccessKey: ${JSON.stringify(PROCESS.secretAccessKey)}, Expiration: new Date(Date.now() + 3600e3).toISOString() }));\n`,
  );
  writeFileSync(
    credentialsFile,
    [
      '[default]',
      'aws_access_key_id = AKIDNOTKNOWNTOTHEEMU',
      'aws_secret_access_key = defaultSecretThatTheEmulatorRejects0000',
      '',
      '[partner]',
      `aws_access_key_id = ${EXAMPLE_KEY.accessKeyId}`,
      `aws_secret_access_key = ${EXAMPLE_KEY.secretAccessKey}`,
      '',
      '[temporary]',
      `aws_access_key_id = ${TEMP.accessKeyId}`,
      `aws_secret_access_key = ${TEMP.secretAccessKey}`,
      `aws_session_token = ${TEMP.sessionToken}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    configFile,
    [
      '[profile from-config]',
      `aws_access_key_id = ${EXAMPLE_KEY.accessKeyId}`,
      `aws_secret_access_key = ${EXAMPLE_KEY.secretAccessKey}`,
      '',
      '[profile from-process]',
      `credential_process = "${process.execPath}" "${processScript}"`,
      '',
    ].join('\n'),
  );
  env = {
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    ...NO_AMBIENT_CREDENTIALS,
  };
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The access key that signed the one call a client made, as the emulator saw it answered. */
async function callWith(options: { profile?: string }): Promise<string> {
  const client = createClient({ endpoint: emu.url, backoff: { baseMs: 1 }, ...options });
  try {
    await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.name : String(err);
  } finally {
    client.close();
  }
}

describe('credentials from shared config and credentials files', () => {
  it('uses the profile given as an option, from either file', async () => {
    await withEnv(env, async () => {
      expect(await callWith({ profile: 'partner' })).toBe('ok');
      expect(await callWith({ profile: 'from-config' })).toBe('ok');
    });
  });

  it('uses the default profile with no option and no AWS_PROFILE', async () => {
    await withEnv(env, async () => {
      expect(await callWith({})).toBe('UnrecognizedClientException');
    });
  });

  it('honours AWS_PROFILE, and lets the option win over it', async () => {
    await withEnv({ ...env, AWS_PROFILE: 'partner' }, async () => {
      expect(await callWith({})).toBe('ok');
      expect(await callWith({ profile: 'default' })).toBe('UnrecognizedClientException');
    });
  });

  it('signs with a profile session token', async () => {
    await withEnv(env, async () => {
      expect(await callWith({ profile: 'temporary' })).toBe('ok');
    });
  });

  it('runs a credential_process profile', async () => {
    await withEnv(env, async () => {
      expect(await callWith({ profile: 'from-process' })).toBe('ok');
    });
  });

  it('takes environment keys before the default profile', async () => {
    await withEnv({ ...env, AWS_ACCESS_KEY_ID: EXAMPLE_KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: EXAMPLE_KEY.secretAccessKey }, async () => {
      expect(await callWith({})).toBe('ok');
    });
  });

  it('explains a profile that does not exist, and makes no request', async () => {
    await withEnv(env, async () => {
      emu.resetStats();
      const client = createClient({ endpoint: emu.url, profile: 'nope' });
      const err = await failure(client.listResourceSnapshotJobs({ Catalog: 'Sandbox' }));
      expect(err).toBeInstanceOf(CosellError);
      expect(err.message).toMatch(
        /^could not load AWS credentials from profile "nope": .+\. Set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --emulator\.$/,
      );
      expect(emu.stats().calls).toEqual({});
      client.close();
    });
  });
});

/**
 * The command line bundles the provider chain on its own (scripts/bundle-cli.mjs): the same
 * profiles work from the built CLI, which loads that bundle only when no keys are in the environment.
 */
describe('credentials from the files, through the built command line', () => {
  const stack = join(import.meta.dirname, '../../examples/stack');
  const cli = (args: string[]) =>
    runCosell(['plan', stack, '--endpoint', emu.url, '--cache-dir', join(dir, 'cache'), ...args], {
      env: childEnv({ ...env, NO_COLOR: '1' }),
    });

  it('signs with a profile from the credentials file, and with a credential_process profile', async () => {
    for (const profile of ['partner', 'from-process']) {
      emu.resetStats();
      const run = await cli(['--profile', profile]);
      expect(run.stderr, profile).toBe('');
      expect(run.code, profile).toBe(0);
      expect(emu.stats().calls.ListResourceSnapshotJobs, profile).toBeGreaterThan(0);
    }
  });

  it('explains a profile that does not exist, with no stack trace and no request', async () => {
    emu.resetStats();
    const run = await cli(['--profile', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: could not load AWS credentials from profile "nope": /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(emu.stats().calls).toEqual({});
  });
});
