import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addClientOptions, clientOptionsFrom, type ClientFlags } from '../../src/cli/options.js';

function parse(args: string[]): { flags?: ClientFlags; error?: string } {
  const program = new Command().exitOverride();
  let error = '';
  program.configureOutput({ writeErr: (s) => (error += s), writeOut: () => undefined });
  let flags: ClientFlags | undefined;
  addClientOptions(program.command('plan')).action((_opts, cmd: Command) => {
    flags = cmd.opts<ClientFlags>();
  });
  try {
    program.parse(['node', 'cosell', 'plan', ...args]);
  } catch {
    return { error: error.trim() };
  }
  return { flags };
}

describe('client flags', () => {
  it('turn into client options', () => {
    const { flags } = parse([
      '--profile',
      'partner',
      '--region',
      'eu-west-1',
      '--endpoint',
      'http://127.0.0.1:4566',
      '--max-attempts',
      '3',
      '--rate',
      'read=4',
      '--rate',
      'StartEngagementFromOpportunityTask=0.5',
      '--rate',
      'read=8',
    ]);
    expect(clientOptionsFrom(flags!)).toEqual({
      profile: 'partner',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      maxAttempts: 3,
      rates: { read: 8, StartEngagementFromOpportunityTask: 0.5 },
    });
  });

  it('send --debug lines to stderr, one a line', () => {
    const lines: string[] = [];
    const options = clientOptionsFrom(parse(['--debug']).flags!, (t) => lines.push(t));
    options.debug!('[cosell] TagResource attempt 1/5: HTTP 200');
    expect(lines).toEqual(['[cosell] TagResource attempt 1/5: HTTP 200\n']);
    expect(clientOptionsFrom(parse([]).flags!)).toEqual({});
  });

  it('refuse a bad --rate or --max-attempts with a clear message', () => {
    expect(parse(['--rate', 'read']).error).toBe(
      `error: option '--rate <op=tps>' argument 'read' is invalid. expected OP=TPS, e.g. read=10 or StartEngagementFromOpportunityTask=1, not "read"`,
    );
    expect(parse(['--rate', 'Reads=3']).error).toBe(
      `error: option '--rate <op=tps>' argument 'Reads=3' is invalid. unknown rate key "Reads": expected read, write or an operation name such as TagResource`,
    );
    expect(parse(['--rate', 'write=-1']).error).toBe(
      `error: option '--rate <op=tps>' argument 'write=-1' is invalid. invalid rate for write: "-1" is not a positive number of requests per second`,
    );
    expect(parse(['--max-attempts', 'lots']).error).toBe(
      `error: option '--max-attempts <n>' argument 'lots' is invalid. expected a whole number of attempts from 1 to 100, not "lots"`,
    );
    expect(parse(['--max-attempts', '0']).error).toMatch(/from 1 to 100, not "0"/);
  });
});
