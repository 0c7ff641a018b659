/**
 * Questions answered from the `yaml` package's lexer alone, which streams tokens in constant
 * memory: how many nodes a text holds (stopping at a limit), and where an unclosed quote opens.
 */
import { Lexer } from 'yaml';

// The lexer's zero-width markers: they stand for no source text.
const DOCUMENT = '\x02';
const FLOW_ERROR_END = '\x18';
const SCALAR = '\x1f';

/** Each lexer token with its offset in the text. */
function* tokens(text: string): Generator<{ token: string; offset: number }> {
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT || token === FLOW_ERROR_END || token === SCALAR) {
      if (token === SCALAR) yield { token, offset };
      continue;
    }
    yield { token, offset };
    offset += token.length;
  }
}

/**
 * Whether a token is a node, or an entry of a block collection: a plain scalar (its marker), a
 * quoted or block scalar, an alias, a flow collection, `-`, `?` or `:`. Each stands for at least
 * one character of the text, so a text never holds more nodes than characters.
 */
function isNode(token: string): boolean {
  if (token.length === 1) return token === SCALAR || token === '-' || token === '?' || token === ':' || token === '[' || token === '{';
  const c = token[0];
  return c === '"' || c === "'" || c === '|' || c === '>' || c === '*';
}

/** The text's node count, stopping as soon as it passes `limit`: then `over` is where it did. */
export function countNodes(text: string, limit: number): { count: number; over?: number } {
  let count = 0;
  for (const { token, offset } of tokens(text)) {
    if (!isNode(token)) continue;
    count += 1;
    if (count > limit) return { count, over: offset };
  }
  return { count };
}

function closed(token: string): boolean {
  const quote = token[0];
  for (let i = 1; i < token.length; i++) {
    const c = token[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && token[i + 1] === "'")
        i++; // '' is an escaped quote
      else return i === token.length - 1;
    }
  }
  return false;
}

/** Where the first quoted scalar that is never closed opens, or undefined. */
export function unclosedQuote(text: string): { offset: number; quote: string } | undefined {
  for (const { token, offset } of tokens(text)) {
    const quote = token[0];
    if ((quote === '"' || quote === "'") && !closed(token)) return { offset, quote };
  }
  return undefined;
}
