/**
 * Text from the service or from files is printed, never obeyed: a message carrying escape
 * sequences must not clear the screen, retitle the window or plant a hyperlink. Every C0 and
 * C1 control character (and DEL) is shown as a visible escape; so are the bidirectional
 * overrides, which reorder what a reader sees. cosell's own colours are added after this.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const UNPRINTABLE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text, every control character escaped. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE_OR_NEWLINE, visible);
}

/** Text of several lines: newlines kept, every other control character escaped. */
export function printableLines(text: string): string {
  return text.replace(UNPRINTABLE, visible);
}

const C1_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * JSON.stringify escapes C0 but leaves C1 and the like raw; the same value, written with \u
 * escapes, is still the same JSON.
 */
export function safeJson(json: string): string {
  return json.replace(C1_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
