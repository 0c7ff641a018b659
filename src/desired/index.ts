export * from './types.js';
export { formatDiagnostic, sortDiagnostics, validationReport, type Diagnostic, type ValidationReport } from './diagnostics.js';
export { MAX_FILE_BYTES, readStack, type StackSource } from './files.js';
export { checkParsed, checkStack, desiredStateOf, loadDesiredState, loadStack, type StackLoad } from './load.js';
export { parseStack, readParsedStack, type ParsedStack } from './read-parse.js';
export { allResources } from './resolve.js';
export { effectiveTags, isIgnoredTag, MAX_TAGS, reservedTagKey } from './tags.js';
export { renderValidation, type ValidateFormat, type ValidateOutput } from './report.js';
