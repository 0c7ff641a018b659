#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { credentialSource } from '../api/credentials.js';
import { parseMaxAttempts } from '../cli/options.js';
import { runAction } from '../cli/run.js';
import { CosellError } from '../util/errors.js';
import { checkFlags, DEFAULT_MAX_ATTEMPTS, DEFAULT_TEMPLATE, DEFAULT_WRITE_INTERVAL_MS, type ConformanceFlags } from './options.js';
import { cleanupLine, headerLines, stepLines, summaryLines, toJsonReport } from './report.js';
import { exitCode, newSuiteState, runSuite, unaccounted } from './run.js';
import { createCaller } from './sdk.js';

// `npm run conformance -- …`: a repository tool, run from a clone; it is not part of the cosell
// command the package installs (it drives the official AWS SDK client, a devDependency).

async function conformance(flags: ConformanceFlags): Promise<number> {
  const options = checkFlags(flags);
  const provider = credentialSource({ profile: options.profile });
  // Credentials are found before any call, so that a missing profile is one clear line.
  await provider().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    throw new CosellError(message.replace(/, or use --emulator\.$/, '.'));
  });
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  // The lock file pins SDK versions that support Node 20; the SDK's notice about later ones is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const caller = createCaller({ ...options, credentials: provider });
  const state = newSuiteState(options);
  const abort = new AbortController();
  const onSignal = (): void => {
    if (!abort.signal.aborted) {
      abort.abort();
      out('Interrupted: finishing the call in flight, then cleaning up (interrupt again to stop at once).');
      return;
    }
    const left = unaccounted(state);
    out(left.length ? `Stopped before the cleanup finished; left behind: ${left.join(', ')}.` : 'Stopped.');
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (const line of headerLines(options)) out(line);
    let cleanupShown = false;
    await runSuite(state, caller.call, abort.signal, {
      step: (r) => stepLines(r).forEach(out),
      cleanup: (r) => {
        if (!cleanupShown) out('\nCleanup:');
        cleanupShown = true;
        out(cleanupLine(r));
      },
    });
    summaryLines(state).forEach(out);
    if (options.out) {
      await writeFile(options.out, `${JSON.stringify(toJsonReport(state), null, 2)}\n`).catch((err: Error) => {
        throw new CosellError(`could not write the report to ${options.out}: ${err.message}`);
      });
      out(`JSON report written to ${options.out}.`);
    }
    return exitCode(state);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    caller.close();
  }
}

const program = new Command()
  .name('npm run conformance --')
  .description(
    'Run the conformance suite against a Partner Central Selling endpoint (the Sandbox catalog, or the emulator): ' +
      'one scripted sequence of calls, each compared with what the emulator does.',
  )
  .option('--endpoint <url>', 'service endpoint URL (else AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_ENDPOINT_URL, then the service)')
  .option('--region <region>', 'AWS region to sign for (else AWS_REGION, then us-east-1)')
  .option('--profile <name>', 'AWS shared-config profile for credentials (else the default chain)')
  .option('--catalog <catalog>', 'Sandbox, or AWS with --i-know-this-is-production', 'Sandbox')
  .option('--engagement <id>', 'an engagement of the catalog (eng-…)')
  .option('--opportunity <id>', 'an opportunity of that engagement with no snapshot job for the template (O…)')
  .option('--template <name>', `the snapshot template (default ${DEFAULT_TEMPLATE})`)
  .option('--keep', 'skip the cleanup: a job the sequence did not delete itself stays (the report lists it)')
  .option('--out <file>', 'also write the report as JSON to FILE')
  .option('--i-know-this-is-production', 'allow --catalog AWS')
  .option('--max-attempts <n>', `attempts per call, first included (default ${DEFAULT_MAX_ATTEMPTS})`, parseMaxAttempts)
  .option('--write-interval-ms <n>', `least time between two writes (default ${DEFAULT_WRITE_INTERVAL_MS}: the service's 1 write a second)`)
  .action((flags: ConformanceFlags) => runAction(() => conformance(flags)));

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
