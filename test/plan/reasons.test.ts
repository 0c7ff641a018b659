/**
 * Every change has one reason, and every reason renders: its heading after the address, and its
 * note under it when it has one. The every-action scenario makes most reasons; the rest are
 * the same changes with the one fact that decides them turned.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/plan/index.js';
import { CHANGE_REASONS, ChangeReason, changeReason, REASON_ACTION, stopsFirst } from '../../src/plan/reason.js';
import { changeLines } from '../../src/plan/render/blocks.js';
import { REASON_WORDS } from '../../src/plan/render/words.js';
import { managedKeyTest } from '../../src/plan/tags.js';
import type { ResourceChange } from '../../src/plan/types.js';
import { everyActionScenario } from './scenario.js';

function changesForEveryReason(): Map<ChangeReason, ResourceChange> {
  const { desired, live } = everyActionScenario();
  const changes = diff(desired, live).resourceChanges;
  const at = (address: string) => changes.find((c) => c.address === address) as ResourceChange;
  const turned: ResourceChange[] = [];
  const replaced = at('snapshotJob.globex-retail');
  if (replaced.kind === 'snapshotJob') turned.push({ ...replaced, stopFirst: false });
  const retired = at('snapshotJob.job-retired000001');
  if (retired.kind === 'snapshotJob') turned.push({ ...retired, stopFirst: true });
  const task = at('invitationAcceptance.globex-referral');
  if (task.kind !== 'snapshotJob' && task.createdJob) turned.push({ ...task, createdJob: { ...task.createdJob, adoption: true } });
  const out = new Map<ChangeReason, ResourceChange>();
  for (const c of [...changes, ...turned]) out.set(changeReason(c), c);
  return out;
}

describe('change reasons', () => {
  const byReason = changesForEveryReason();
  const managed = managedKeyTest({ keys: ['crm-sync-id'], keyPrefixes: [] });

  it.each(CHANGE_REASONS)('%s renders its heading and note', (reason) => {
    const c = byReason.get(reason);
    expect(c, `no change with reason ${reason}`).toBeDefined();
    const change = c as ResourceChange;
    const words = REASON_WORDS[reason];
    const [heading, second] = changeLines(change, managed);
    expect(heading?.text).toBe(`${change.address} ${words.heading}`);
    if (words.note) expect(second).toMatchObject({ comment: true, text: `(${words.note(change, false)})` });
  });

  it('reads back as the reason diff decided: its action and whether the job is stopped first', () => {
    for (const [reason, c] of byReason) {
      expect(changeReason(c)).toBe(reason);
      expect(c.action).toBe(REASON_ACTION[reason]);
      if (c.kind === 'snapshotJob') expect(c.stopFirst).toBe(stopsFirst(reason));
    }
  });

  it('says what was decided: a running job is stopped first, a saved plan only claims', () => {
    const running = byReason.get(ChangeReason.NoLongerDeclaredRunning) as ResourceChange;
    expect(changeLines(running, managed)[1]?.text).toBe(
      '(because it is owned by this stack and no longer declared; it is running, so it is stopped first)',
    );
    expect(changeLines(running, managed, true)[1]?.text).toMatch(/^\(the saved plan says it is owned by this stack/);
    const replaced = byReason.get(ChangeReason.KeyChangedRunning) as ResourceChange;
    expect(changeLines(replaced, managed)[1]?.text).toMatch(/is running: it is stopped before it is deleted\)$/);
    expect(changeLines(byReason.get(ChangeReason.KeyChanged) as ResourceChange, managed)[1]?.comment).toBeUndefined();
  });
});
