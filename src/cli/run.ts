import { CredentialsTimeout } from '../api/credentials.js';
import { ServiceError } from '../api/errors.js';
import { CosellError } from '../util/errors.js';
import { printable, printableLines } from '../util/printable.js';

/**
 * Runs a command's action and turns any failure into a message and exit code 1. A user error
 * (CosellError) never shows a stack trace; an unexpected one shows it only with --debug.
 */
export async function runAction(action: () => Promise<number | undefined>, debug = false): Promise<void> {
  try {
    const code = await action();
    process.exitCode = code ?? 0;
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof CosellError) {
      process.stderr.write(`Error: ${printableLines(err.message)}\n`);
      for (const d of err.details) process.stderr.write(`${printableLines(d)}\n`);
      // What the provider started (a credential_process, a request to an endpoint) may never end,
      // and would hold the process: no call was made without credentials, so nothing is lost.
      if (err instanceof CredentialsTimeout) await exitWhenFlushed();
      return;
    }
    if (err instanceof ServiceError) {
      // The service said no (or could not be reached): its words, never a stack trace.
      process.stderr.write(`Error: ${printableLines(err.describe())}\n`);
      for (const e of err.errorList ?? []) process.stderr.write(`  ${printable(`${e.FieldName ?? '(request)'}: ${e.Message}`)}\n`);
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Error: ${printableLines(message)}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${printableLines(err.stack)}\n`);
  }
}

export function isDebug(): boolean {
  return process.argv.includes('--debug');
}

/**
 * Ends the process once stdout and stderr have taken everything written to them. For a command
 * that is done: left to itself the process would still wait on what no longer matters (a
 * listing's last page after the stack failed its checks) and then free its heap piece by piece,
 * which for a large plan takes longer than the run's last few calls.
 */
export async function exitWhenFlushed(): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => stream.write('', () => resolve()));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  return process.exit();
}

let abandoned = false;

/**
 * Says that the calls still on their way (an early listing's reads, for a stack that then failed
 * its checks) ask nothing more of the run: the command exits once it has reported, instead of
 * waiting for their answers and retries, minutes against an endpoint that does not answer.
 */
export function abandonCalls(): void {
  abandoned = true;
}

/** Whether the command left calls behind (abandonCalls). */
export function callsAbandoned(): boolean {
  return abandoned;
}
