/**
 * The first load step of the commands that talk to the service: read the stack's files, open the
 * target, start the account's listing. Every command loads what it needs through the three
 * stages in this folder (connect, stack, work) and nothing else, so that the bundle
 * (scripts/bundle-cli.mjs) keeps each stage in a few files: Node loads a module graph file by
 * file, and each file on the way to the first call costs about half a millisecond.
 */
export { isPlanFilePath } from '../../apply/plan-file.js';
export { readStack } from '../../desired/files.js';
export { openTarget, useColor } from '../context.js';
export { afterFirstPages, listEarly } from '../early-listing.js';
export { startStackApply } from '../commands/apply-start.js';
