import type { PlanFormat } from './types.js';

/** The plan's formats, apart from their renderers: the CLI lists them at start, before any is loaded. */
export const PLAN_FORMATS: readonly PlanFormat[] = ['human', 'json', 'markdown'];
