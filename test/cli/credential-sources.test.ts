import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { emulator, SEED } from '../api/emulator-helpers.js';
import { runCosell, type CliRun } from '../support/cli.js';
import { childEnv, NO_AMBIENT_CREDENTIALS } from '../support/env.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

/**
 * The credential chain's own bundle (dist/cli/credentials/): credential sources other than the
 * files' static keys, through the built command line. Container credentials and an
 * assume-role profile are served by a small local server standing in for the container endpoint
 * and STS (the emulator serves Partner Central only).
 */

const ROLE = {
  accessKeyId: 'ASIAROLEFROMSTS00001',
  secretAccessKey: 'roleSecretFromSts/0000000000000000000000',
  sessionToken: 'role-session-token-from-sts',
};

const SSO_START_URL = 'https://example.awsapps.com/start';

let emu: Emulator;
let dir: string;
let fake: Server;
let fakeUrl: string;
let env: Record<string, string | undefined>;

const exp = () => new Date(Date.now() + 3600e3).toISOString();

beforeAll(async () => {
  emu = await emulator({ seed: { ...SEED, credentials: [EXAMPLE_KEY, ROLE] } });
  fake = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.url === '/container') {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            AccessKeyId: ROLE.accessKeyId,
            SecretAccessKey: ROLE.secretAccessKey,
            Token: ROLE.sessionToken,
            Expiration: exp(),
          }),
        );
        return;
      }
      // Instance metadata (IMDSv2): a token, the role's name, its credentials.
      if (req.url === '/latest/api/token') return void res.end('imds-token');
      if (req.url === '/latest/meta-data/iam/security-credentials/') return void res.end('partner-role');
      if (req.url === '/latest/meta-data/iam/security-credentials/partner-role') {
        res.end(
          JSON.stringify({
            Code: 'Success',
            AccessKeyId: ROLE.accessKeyId,
            SecretAccessKey: ROLE.secretAccessKey,
            Token: ROLE.sessionToken,
            Expiration: exp(),
          }),
        );
        return;
      }
      // SSO's GetRoleCredentials.
      if (req.url?.startsWith('/federation/credentials')) {
        res.setHeader('content-type', 'application/json');
        const { accessKeyId, secretAccessKey, sessionToken } = ROLE;
        res.end(JSON.stringify({ roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration: Date.now() + 3600e3 } }));
        return;
      }
      // A container endpoint that accepts the request and never answers.
      if (req.url === '/container-silent') return;
      if (req.method === 'POST' && body.includes('Action=AssumeRole')) {
        res.setHeader('content-type', 'text/xml');
        const action = /Action=(AssumeRole\w*)/.exec(body)?.[1] ?? 'AssumeRole';
        res.end(
          `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result><Credentials><AccessKeyId>${ROLE.accessKeyId}</AccessKeyId><SecretAccessKey>${ROLE.secretAccessKey}</SecretAccessKey><SessionToken>${ROLE.sessionToken}</SessionToken><Expiration>${exp()}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId></AssumedRoleUser></${action}Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></${action}Response>`,
        );
        return;
      }
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;

  dir = mkdtempSync(join(tmpdir(), 'cosell-sources-'));
  const helper = join(dir, 'helper.cjs');
  writeFileSync(
    helper,
    [
      'const mode = process.argv[2];',
      "if (mode === 'fail') { process.stderr.write('the helper could not reach the vault\\n'); process.exit(3); }",
      "if (mode === 'bad') { process.stdout.write('not json'); process.exit(0); }",
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(EXAMPLE_KEY.accessKeyId)}, SecretAccessKey: ${JSON.stringify(EXAMPLE_KEY.secretAccessKey)}, Expiration: new Date(Date.now() - 3600e3).toISOString() }));`,
    ].join('\n'),
  );
  writeFileSync(join(dir, 'web-identity-token'), 'a-web-identity-token');
  // The SSO token cache, named after the start URL, as `aws sso login` writes it.
  mkdirSync(join(dir, '.aws/sso/cache'), { recursive: true });
  writeFileSync(
    join(dir, '.aws/sso/cache', `${createHash('sha1').update(SSO_START_URL).digest('hex')}.json`),
    JSON.stringify({ accessToken: 'a-cached-sso-token', expiresAt: exp(), region: 'us-east-1', startUrl: SSO_START_URL }),
  );
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  writeFileSync(
    credentialsFile,
    ['[base]', `aws_access_key_id = ${EXAMPLE_KEY.accessKeyId}`, `aws_secret_access_key = ${EXAMPLE_KEY.secretAccessKey}`, ''].join('\n'),
  );
  writeFileSync(
    configFile,
    [
      '[profile role]',
      'role_arn = arn:aws:iam::123456789012:role/partner',
      'source_profile = base',
      'region = us-east-1',
      '[profile sso]',
      'sso_start_url = https://never-logged-in.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_account_id = 123456789012',
      'sso_role_name = Partner',
      '[profile sso-cached]',
      `sso_start_url = ${SSO_START_URL}`,
      'sso_region = us-east-1',
      'sso_account_id = 123456789012',
      'sso_role_name = Partner',
      ...['fail', 'bad', 'expired'].flatMap((m) => [
        `[profile process-${m}]`,
        `credential_process = "${process.execPath}" "${helper}" ${m}`,
      ]),
      '[profile process-silent]',
      `credential_process = "${process.execPath}" -e "setTimeout(() => {}, 15000)"`,
      '',
    ].join('\n'),
  );
  env = {
    HOME: dir,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_REGION: 'us-east-1',
    NO_COLOR: '1',
    ...NO_AMBIENT_CREDENTIALS,
    AWS_ROLE_ARN: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_STS: undefined,
    AWS_ENDPOINT_URL_SSO: undefined,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
  };
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => fake.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const stack = join(import.meta.dirname, '../../examples/stack');

/** `cosell plan` against the emulator with the test's files and `extra` in the environment. */
function plan(args: string[], extra: Record<string, string | undefined> = {}): Promise<CliRun> {
  const cli = ['plan', stack, '--endpoint', emu.url, '--cache-dir', join(dir, 'cache'), ...args];
  return runCosell(cli, { env: childEnv({ ...env, ...extra }) });
}

const noFiles = () => ({ AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });

describe('credential sources through the built command line (the chain in its own bundle)', () => {
  it('signs with container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)', async () => {
    emu.resetStats();
    const run = await plan([], { ...noFiles(), AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fakeUrl}/container` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(emu.stats().calls.ListResourceSnapshotJobs).toBeGreaterThan(0);
  });

  it('signs with instance metadata credentials when instance metadata is enabled', async () => {
    emu.resetStats();
    const run = await plan([], { ...noFiles(), AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: fakeUrl });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(emu.stats().calls.ListResourceSnapshotJobs).toBeGreaterThan(0);
  });

  // These load the SDK's STS and SSO clients from the chain's bundle (its own @smithy copy);
  // their stderr holds the Node version warning asserted on below.
  it('signs with web identity (AWS_WEB_IDENTITY_TOKEN_FILE) and with a cached SSO token', async () => {
    for (const [args, extra] of [
      [
        [],
        {
          ...noFiles(),
          AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'web-identity-token'),
          AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/w',
          AWS_ENDPOINT_URL_STS: fakeUrl,
        },
      ],
      [['--profile', 'sso-cached'], { AWS_ENDPOINT_URL_SSO: fakeUrl }],
    ] as const) {
      emu.resetStats();
      const run = await plan([...args], extra);
      expect(run.code, run.stderr).toBe(0);
      expect(emu.stats().calls.ListResourceSnapshotJobs).toBeGreaterThan(0);
    }
  });

  it('explains an assume-role profile whose STS cannot be reached, with no stack trace and no request', async () => {
    emu.resetStats();
    const run = await plan(['--profile', 'role'], { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: could not load AWS credentials from profile "role": .*ECONNREFUSED/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(emu.stats().calls).toEqual({});
  });

  it('explains an SSO profile with no cached token', async () => {
    const run = await plan(['--profile', 'sso']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: could not load AWS credentials from profile "sso": The SSO session associated with this profile is invalid/,
    );
  });

  // On Node 20, which package.json's engines and action.yml's default accept, the SDK's STS client
  // printed an 8-line NodeVersionSupportWarning (about SDK versions cosell's lock file does not
  // use) on every run with an assume-role, SSO or web identity profile (found by a review).
  it('signs with an assume-role profile through STS, and prints nothing on stderr', async () => {
    emu.resetStats();
    const run = await plan(['--profile', 'role'], { AWS_ENDPOINT_URL_STS: fakeUrl });
    expect(run.code).toBe(0);
    expect(emu.stats().calls.ListResourceSnapshotJobs).toBeGreaterThan(0);
    expect(run.stderr).toBe('');
  });

  // The SDK gives no limit to a credential_process, and its container provider only warns when its
  // own timeout passes: both held the command for ever (found by a review). The CLI's
  // --credentials-timeout ends the run, and the command exits, whatever the provider left running.
  it('gives up on a container endpoint that never answers, and on a credential_process that never exits', async () => {
    for (const [args, extra] of [
      [['--credentials-timeout', '1s'], { ...noFiles(), AWS_CONTAINER_CREDENTIALS_FULL_URI: `${fakeUrl}/container-silent` }],
      [['--credentials-timeout', '1s', '--profile', 'process-silent'], {}],
    ] as const) {
      emu.resetStats();
      const run = await plan([...args], extra);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/^Error: could not load AWS credentials from .*: no answer in 1 s \(/m);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(emu.stats().calls).toEqual({});
    }
  }, 30_000);

  it('apply and status end too, not held by the credential_process left running', async () => {
    for (const command of ['apply', 'status']) {
      const cli = [
        command,
        stack,
        '--endpoint',
        emu.url,
        '--cache-dir',
        join(dir, 'cache'),
        '--credentials-timeout',
        '1s',
        '--profile',
        'process-silent',
      ];
      const run = await runCosell(command === 'apply' ? [...cli, '--auto-approve'] : cli, { env: childEnv(env) });
      expect(run.code, `${command}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toMatch(/no answer in 1 s/);
    }
  }, 30_000);

  it('refuses a wait that is not a duration', async () => {
    const run = await plan(['--credentials-timeout', 'soon']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--credentials-timeout.*expected a duration such as 90s/);
  });
});
