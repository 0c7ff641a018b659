/**
 * The load step of the commands that read a stack without the service (validate, fmt), and the
 * part of every other command that parses and checks one: the YAML parser, the schema's
 * validator, the stack's rules. See ./connect.ts for why commands load through stages.
 */
export { desiredStateOf, loadDesiredState, loadStack, renderValidation } from '../../desired/index.js';
export { parseStackInTurns } from '../../desired/read-parse.js';
export { formatStackFiles } from '../../desired/fmt-files.js';
export { formatDiagnostic } from '../../desired/diagnostics.js';
