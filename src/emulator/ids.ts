import { randomInt } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function randomChars(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Fresh identifiers in the service's formats; `taken` guards against the rare collision. */
export function newId(kind: 'job' | 'task' | 'engagement' | 'opportunity', taken: (id: string) => boolean): string {
  for (;;) {
    const id =
      kind === 'job'
        ? `job-${randomChars(BASE36, 13)}`
        : kind === 'task'
          ? `task-${randomChars(BASE36, 13)}`
          : kind === 'engagement'
            ? `eng-${randomChars(BASE36, 14)}`
            : `O${randomChars('123456789', 1)}${randomChars('0123456789', 9)}`;
    if (!taken(id)) return id;
  }
}
