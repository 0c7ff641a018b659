/**
 * docs/commands.md against the CLI's own --help, and docs/troubleshooting.md against the errors
 * the service model declares and the emulator answers with.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { enumValues, OPERATIONS, operationInfo } from '../../src/model/index.js';
import { cliHelp, type CommandHelp } from './cli-help.js';

const COMMANDS = readFileSync('docs/commands.md', 'utf8');
const TROUBLE = readFileSync('docs/troubleshooting.md', 'utf8');

/** The text under each `## ` heading, by heading. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  for (const line of md.split('\n')) {
    const h = /^## (.+)$/.exec(line);
    if (h) current = h[1] as string;
    else out.set(current, `${out.get(current) ?? ''}${line}\n`);
  }
  return out;
}

/** The flags in the first column of a section's tables. */
function tableFlags(text: string): string[] {
  return [...text.matchAll(/^\| `(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1] as string);
}

describe('docs/commands.md', () => {
  let help: Map<string, CommandHelp>;
  const docs = sections(COMMANDS);
  const target = tableFlags(docs.get('Target options') ?? '');
  beforeAll(async () => {
    help = await cliHelp();
  });

  it('has a section for every command', () => {
    for (const name of help.keys()) {
      if (name === '' || name === 'help') continue;
      expect(docs.has(`\`cosell ${name}\``), `no section "## \`cosell ${name}\`"`).toBe(true);
    }
  });

  it('documents every flag of every command, and no flag a command does not have', () => {
    expect(target.length).toBeGreaterThan(5);
    for (const [name, cmd] of help) {
      if (name === '' || name === 'help') continue;
      const section = docs.get(`\`cosell ${name}\``) ?? '';
      const documented = tableFlags(section);
      const inherits = section.includes('[target options](#target-options)');
      for (const flag of cmd.flags) {
        if (flag === '--help') continue;
        const here = documented.includes(flag) || (inherits && target.includes(flag));
        expect(here, `cosell ${name} ${flag} is not documented in its section of docs/commands.md`).toBe(true);
      }
      for (const flag of documented)
        expect(cmd.flags.has(flag), `docs/commands.md documents ${flag} for cosell ${name}, which has no such flag`).toBe(true);
      if (inherits)
        for (const flag of target) expect(cmd.flags.has(flag), `cosell ${name} inherits ${flag}, which it does not have`).toBe(true);
    }
  });
});

describe('docs/troubleshooting.md', () => {
  const headings = new Set([...TROUBLE.matchAll(/^### (.+)$/gm)].map((m) => m[1] as string));

  it('has a section for every error the service model declares', () => {
    const modelled = new Set(OPERATIONS.flatMap((op) => operationInfo(op).errors));
    expect(modelled.size).toBeGreaterThanOrEqual(7);
    for (const name of modelled) expect(headings.has(name), `no "### ${name}"`).toBe(true);
  });

  it('explains both reasons of a ValidationException, and every reason an engagement task fails with', () => {
    for (const reason of enumValues('ValidationExceptionReason')) expect(TROUBLE).toContain(`**${reason}**`);
    for (const code of enumValues('ReasonCode')) expect(TROUBLE, code).toContain(`\`${code}\``);
    for (const code of enumValues('AccessDeniedExceptionErrorCode')) expect(TROUBLE, code).toContain(`\`${code}\``);
  });

  it('has a section for every protocol error the emulator answers with', () => {
    const source = readFileSync('src/emulator/errors.ts', 'utf8');
    const protocol = new Set([...source.matchAll(/new ApiError\('(\w+)'/g)].map((m) => m[1] as string));
    expect(protocol.size).toBeGreaterThanOrEqual(6);
    for (const name of protocol) expect(headings.has(name), `no "### ${name}"`).toBe(true);
  });

  it('covers cosell’s own errors: a bad stack file, an ownership conflict, a stale plan, credentials', () => {
    for (const h of ['A bad stack file', 'Ownership conflict', 'Saved plan is stale', 'Credentials']) expect(headings.has(h), h).toBe(true);
    // The messages quoted are the ones cosell prints.
    expect(readFileSync('src/apply/stale.ts', 'utf8')).toContain('Saved plan is stale: ${n} thing');
    expect(TROUBLE).toContain('Error: Saved plan is stale: 1 thing it rests on changed since it was made. Run cosell plan again.');
    expect(readFileSync('test/plan/golden/every-action.human.txt', 'utf8')).toContain(
      '│ Error: Ownership conflict on snapshotJob.contested',
    );
  });
});
