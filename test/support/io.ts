/** The terminal of an in-process `cosell apply`, kept in memory. */
import type { ApplyIo } from '../../src/cli/commands/apply.js';

export interface FakeIo extends ApplyIo {
  stdout: string;
  stderr: string;
  /** The prompts asked, in order. */
  asked: string[];
  /** stdout and stderr as they were printed, interleaved. */
  text(): string;
}

/** An apply terminal that keeps what is printed; `interactive` says whether a person answers, and `answer` is what they say. */
export function fakeIo(interactive = false, answer = 'no'): FakeIo {
  let text = '';
  const io: FakeIo = {
    stdout: '',
    stderr: '',
    asked: [],
    interactive,
    out: (t) => {
      io.stdout += t;
      text += t;
    },
    err: (t) => {
      io.stderr += t;
      text += t;
    },
    ask: async (prompt) => {
      io.asked.push(prompt);
      return answer;
    },
    text: () => text,
  };
  return io;
}
