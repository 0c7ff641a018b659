// Types of stacks.mjs, for test/bench (TypeScript) to import the same stacks and seeds.
import type { EmulatorSeed } from '../../src/emulator/index.js';

export type StackVariant = 'base' | 'updated' | 'empty';
export type StatusMix = 'mixed' | 'Running' | 'Stopped';
export interface StackOptions {
  variant?: StackVariant;
  status?: StatusMix;
  stack?: string;
}

export const STACK: string;
export const CATALOG: 'Sandbox';
export const TEMPLATE: string;
export const JOBS_PER_ENGAGEMENT: number;
export const JOBS_PER_FILE: number;
export const DEFAULT_TAGS: Record<string, string>;
export function engagementId(n: number): string;
export function opportunityId(i: number): string;
export function jobTags(i: number, variant: StackVariant): Record<string, string>;
export function effectiveTags(i: number, variant: StackVariant, stack?: string): Record<string, string>;
export function stackFiles(n: number, options?: StackOptions): Record<string, string>;
export function writeStack(dir: string, files: Record<string, string>): Promise<string>;
export function seedFor(n: number, options?: StackOptions & { jobs?: boolean }): EmulatorSeed;
