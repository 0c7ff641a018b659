/** Decoding a stack file's bytes: UTF-8 only, and a bad byte is reported where it stands. */
import type { Diagnostic } from './diagnostics.js';

export type Decoded = { ok: true; text: string } | { ok: false; line: number; column: number; message: string };

const fatal = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeUtf8(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, line: 1, column: 1, message: 'the file is UTF-16; cosell reads UTF-8 only (save it as UTF-8)' };
  try {
    // A leading byte-order mark is dropped by the decoder.
    return { ok: true, text: fatal.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const at = offset < 0 ? bytes.length : offset;
    const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const column = lenient.decode(bytes.subarray(lineStart, at)).length + 1;
    const byte = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? 'end of file';
    return {
      ok: false,
      line,
      column,
      message: `the file is not valid UTF-8 (byte 0x${byte} at offset ${at}); cosell reads UTF-8 only`,
    };
  }
}

/** A stack file's text, or undefined after recording where its bytes stop being UTF-8. */
export function decodeSource(source: { file: string; bytes: Uint8Array }, diagnostics: Diagnostic[]): string | undefined {
  const decoded = decodeUtf8(source.bytes);
  if (decoded.ok) return decoded.text;
  diagnostics.push({ file: source.file, line: decoded.line, column: decoded.column, path: '', message: decoded.message });
  return undefined;
}

/** The text of each file that is UTF-8, in order; the others are recorded in `diagnostics`. */
export function decodeSources(
  sources: readonly { file: string; bytes: Uint8Array }[],
  diagnostics: Diagnostic[],
): { file: string; text: string }[] {
  const texts: { file: string; text: string }[] = [];
  for (const source of sources) {
    const text = decodeSource(source, diagnostics);
    if (text !== undefined) texts.push({ file: source.file, text });
  }
  return texts;
}
