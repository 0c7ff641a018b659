/** ANSI styling, or none: the caller decides (TTY, NO_COLOR, --no-color); renderers stay pure. */
export interface Palette {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const COLORS: Palette = { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), bold: wrap(1, 22) };
const PLAIN: Palette = { green: (s) => s, red: (s) => s, yellow: (s) => s, bold: (s) => s };

export function palette(color: boolean): Palette {
  return color ? COLORS : PLAIN;
}
