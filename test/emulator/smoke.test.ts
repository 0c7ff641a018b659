import { describe, expect, it } from 'vitest';
import { CreateResourceSnapshotJobCommand, GetResourceSnapshotJobCommand, StartResourceSnapshotJobCommand, ListResourceSnapshotJobsCommand } from '@aws-sdk/client-partnercentral-selling';
import { client, start, failure } from './helpers.js';

describe('smoke', () => {
  it('works', async () => {
    const emu = await start();
    const c = client(emu);
    const r = await c.send(new CreateResourceSnapshotJobCommand({ Catalog: 'Sandbox', EngagementIdentifier: 'eng-acmemigration1', ResourceType: 'Opportunity', ResourceIdentifier: 'O1001', ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView', Tags: [{Key: 'a', Value: 'b'}] }));
    console.log(r);
    const g = await c.send(new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: r.Id }));
    console.log(g);
    console.log(await c.send(new StartResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: r.Id })));
    const e = await failure(c.send(new StartResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: r.Id })));
    console.log(e.name, e.message, e.$metadata, Object.keys(e));
    const v = await failure(c.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', MaxResults: 0, EngagementIdentifier: 'x' })));
    console.log(v.name, v.message, v.Reason, v.ErrorList);
    console.log(emu.stats());
    await emu.close();
    expect(1).toBe(1);
  });
});
