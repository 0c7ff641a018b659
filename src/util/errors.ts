/**
 * An error the user can act on: a bad file, a wrong flag, a refused call. The CLI prints its
 * message alone, never a stack trace.
 */
export class CosellError extends Error {
  constructor(
    message: string,
    /** Extra lines (e.g. one diagnostic each) printed after the message. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CosellError';
  }
}
