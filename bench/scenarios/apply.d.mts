// Types of apply.mjs, for test/bench: the steps of scenario 3 and their minimum calls.
import type { StackVariant } from '../lib/stacks.mjs';

export type ApplyStep = 'create' | 'update' | 'delete';
export const OBSERVE_OPS: string[];
export function minimumCalls(step: ApplyStep, n: number): { plan: Record<string, number>; apply: Record<string, number> };
export const STEPS: { step: ApplyStep; variant: StackVariant; expect: (n: number) => { add: number; change: number; destroy: number } }[];
export function applyScenario(options?: { n?: number; quota?: number; latencyMs?: number; parallelism?: number; log?: (line: string) => void }): Promise<unknown>;
