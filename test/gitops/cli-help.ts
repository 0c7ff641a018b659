/**
 * The CLI's own --help, for checking what the GitOps kit and the docs say against it. The program
 * is built in-process exactly as src/cli/main.ts builds it: the register calls are read from that
 * file, so a command added there is checked here without a change.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';

export interface CommandHelp {
  name: string;
  /** The --help text. */
  help: string;
  /** Every long flag the help lists, e.g. `--detailed-exitcode`, `--no-color`. */
  flags: Set<string>;
  /** How many positional arguments the usage line allows. */
  maxArguments: number;
}

let cached: Promise<Map<string, CommandHelp>> | undefined;

async function build(): Promise<Map<string, CommandHelp>> {
  const main = readFileSync('src/cli/main.ts', 'utf8');
  const program = new Command().name('cosell').version('0.0.0').exitOverride();
  const registrations = [...main.matchAll(/import \{ (register\w+) \} from '\.\/commands\/(\w+)\.js';/g)];
  for (const [, fn, file] of registrations) {
    if (!new RegExp(`\\b${fn}\\(program\\)`).test(main)) continue;
    const mod = (await import(/* @vite-ignore */ `../../src/cli/commands/${file}.js`)) as Record<string, (p: Command) => void>;
    mod[fn as string]?.(program);
  }
  const out = new Map<string, CommandHelp>();
  const describe = (name: string, help: string): CommandHelp => ({
    name,
    help,
    // Each option is listed at the start of a line of the Options section.
    flags: new Set([...help.matchAll(/^ {2}(?:-[A-Za-z], )?(--[a-z][a-z0-9-]*)/gm)].map((m) => m[1] as string)),
    maxArguments: (/^Usage: .*$/m.exec(help)?.[0].match(/[[<][a-z-]+[\]>]/g) ?? []).filter((a) => !/^\[(options|command)\]$/.test(a))
      .length,
  });
  out.set('', describe('', program.helpInformation()));
  for (const cmd of program.commands) out.set(cmd.name(), describe(cmd.name(), cmd.helpInformation()));
  return out;
}

/** Command name → its help; '' is the program itself. */
export function cliHelp(): Promise<Map<string, CommandHelp>> {
  cached ??= build();
  return cached;
}

export interface CosellInvocation {
  /** Where it was found, for messages. */
  where: string;
  words: string[];
}

/** Splits a shell word list, honouring quotes (enough for the scripts of a workflow). */
function shellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** Every `cosell …` command a shell script runs, up to any redirection. */
export function cosellInvocations(script: string, where: string): CosellInvocation[] {
  const out: CosellInvocation[] = [];
  const joined = script.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const segment of code.split(/&&|\|\||;|\||\$\(|\(|\)|`/)) {
      const words = shellWords(segment.trim());
      while (
        words.length > 0 &&
        (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string) ||
          ['then', 'do', 'else', 'if', '!', 'time', 'exec', 'npx'].includes(words[0] as string))
      )
        words.shift();
      if (words[0] !== 'cosell') continue;
      const args: string[] = [];
      for (const w of words.slice(1)) {
        if (/^\d*>>?|^<|^\d*>&/.test(w)) break;
        args.push(w);
      }
      out.push({ where, words: args });
    }
  }
  return out;
}

/** What is wrong with one invocation, against the CLI's help: unknown command, flag, or too many arguments. */
export function checkInvocation({ where, words }: CosellInvocation, help: Map<string, CommandHelp>): string[] {
  const [first, ...rest] = words;
  const isProgramFlag = first === undefined || first.startsWith('-');
  const cmd = help.get(isProgramFlag ? '' : first);
  const shown = `${where}: cosell ${words.join(' ')}`;
  if (!cmd) return [`${shown}: no such command (commands: ${[...help.keys()].filter(Boolean).join(', ')})`];
  const args = isProgramFlag ? words : rest;
  const problems: string[] = [];
  const takesValue = (flag: string) => new RegExp(`${flag} <`).test(cmd.help);
  let positional = 0;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as string;
    if (w.startsWith('--')) {
      const flag = w.split('=')[0] as string;
      if (!cmd.flags.has(flag)) problems.push(`${shown}: ${flag} is not in \`cosell ${cmd.name || ''} --help\``.replace('  ', ' '));
      else if (!w.includes('=') && takesValue(flag)) i++;
    } else positional++;
  }
  if (positional > cmd.maxArguments)
    problems.push(`${shown}: ${positional} arguments, but \`cosell ${cmd.name}\` takes at most ${cmd.maxArguments}`);
  return problems;
}
