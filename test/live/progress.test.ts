import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/pipeline.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    text: '',
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('the observing progress count', () => {
  it('counts on a TTY and clears its line when done', () => {
    const tty = fakeStream(true);
    const p = progressReporter(tty);
    p.onProgress?.(1, 3);
    p.onProgress?.(3, 3);
    p.finish();
    expect(tty.text).toContain('Observing live state… 1/3 jobs');
    expect(tty.text).toContain('3/3 jobs');
    expect(tty.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints nothing when stderr is not a TTY', () => {
    const pipe = fakeStream(false);
    const p = progressReporter(pipe);
    expect(p.onProgress).toBeUndefined();
    p.finish();
    expect(pipe.text).toBe('');
  });
});
