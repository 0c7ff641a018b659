/**
 * Removes secret values from text before it is shown: a belt to the braces of never putting
 * them in a message, in case an answer echoes a request (some AWS errors quote the canonical
 * request, which holds the session token).
 */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 8) out = out.split(s).join('[redacted]');
  }
  // A SigV4 signature, wherever it may stand.
  return out.replace(/Signature=[0-9a-f]{64}/gi, 'Signature=[redacted]');
}
