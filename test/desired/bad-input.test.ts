import { closeSync, openSync, ftruncateSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadStack, MAX_FILE_BYTES } from '../../src/desired/index.js';
import { job, problems, SETTINGS, stackDir } from './helpers.js';

describe('bad input gets a clear error at FILE:LINE:COL', () => {
  it('malformed YAML', async () => {
    expect(await problems({ 'a.yaml': `${SETTINGS}snapshotJobs:\n  acme: [1, 2\n  other: 3\n` })).toEqual([
      'a.yaml:6:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('a wrong type', async () => {
    expect(await problems({ 'a.yaml': 'version: 1\nstack: [a, b]\ncatalog: Sandbox\n' })).toEqual([
      'a.yaml:2:8: stack: expected a string for stack name, got a list',
    ]);
  });

  it('a number where a tag value must be a string', async () => {
    expect(await problems({ 'a.yaml': `${SETTINGS}defaults:\n  tags:\n    cost-center: 4411\n` })).toEqual([
      'a.yaml:6:18: defaults.tags.cost-center: expected a string for tag value, got a number (quote it: "4411")',
    ]);
  });

  it('an unknown key, with the closest known key', async () => {
    const text = `${SETTINGS}snapshotJobs:\n  acme:\n    engagment: eng-acmemigration1\n    opportunity: O1\n    template: Opp\n`;
    // The missing "engagement" is the typo's doing: said once, by the typo.
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:6:5: snapshotJobs.acme.engagment: unknown key "engagment" in snapshot job; did you mean "engagement"?',
    ]);
  });

  it('a missing required key', async () => {
    const text = `${SETTINGS}snapshotJobs:
  acme:
    engagement: eng-acmemigration1
`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:5:3: snapshotJobs.acme: snapshot job is missing the required key "opportunity" (opportunity id, e.g. O1001)',
      'a.yaml:5:3: snapshotJobs.acme: snapshot job is missing the required key "template" (snapshot template name, e.g. OpportunitySummaryView)',
    ]);
  });

  it('an unknown top-level key lists the known ones when none is close', async () => {
    expect(await problems({ 'a.yaml': `${SETTINGS}resources: {}\n` })).toEqual([
      'a.yaml:4:1: resources: unknown key "resources" in a stack file; expected one of: version, stack, catalog, ' +
        'defaults, ignoreTags, tagPolicy, snapshotJobs, opportunityEngagements, invitationAcceptances',
    ]);
  });

  it('a bad id of each kind', async () => {
    const text =
      `${SETTINGS}snapshotJobs:\n` +
      job('acme', { engagement: 'eng-ACME', opportunity: 'O12x', template: 'ab' }) +
      `opportunityEngagements:\n  cosell:\n    opportunity: opp-1\n    involvementType: Co-Sell\n` +
      `invitationAcceptances:\n  referral:\n    invitation: engi-short\n` +
      `  commas:\n    invitation: "engi-abc,defghijkl"\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:6:17: snapshotJobs.acme.engagement: "eng-ACME" is not a valid engagement id: expected a match for ^eng-[0-9a-z]{14}$, e.g. eng-acmemigration1',
      'a.yaml:7:18: snapshotJobs.acme.opportunity: "O12x" is not a valid opportunity id: expected a match for ^O[0-9]{1,19}$, e.g. O1001',
      'a.yaml:8:15: snapshotJobs.acme.template: "ab" is not a valid snapshot template name: expected a match for ^[a-zA-Z0-9]{3,80}$, e.g. OpportunitySummaryView',
      'a.yaml:11:18: opportunityEngagements.cosell.opportunity: "opp-1" is not a valid opportunity id: expected a match for ^O[0-9]{1,19}$, e.g. O1001',
      'a.yaml:15:17: invitationAcceptances.referral.invitation: "engi-short" is not a valid invitation id: expected a match for ^engi-[0-9,a-z]{13}$, e.g. engi-globexinvite1',
      'a.yaml:17:17: invitationAcceptances.commas.invitation: "engi-abc,defghijkl" is not a valid invitation id for ' +
        'StartEngagementByAcceptingInvitationTask: invitation must match the pattern ^(?=.{1,255}$)(arn:.*|engi-[0-9a-z]{13})$.',
    ]);
  });

  it('a bad logical name, catalog, status and involvement type', async () => {
    const text =
      `version: 1\nstack: s\ncatalog: sandbox\nsnapshotJobs:\n` +
      job('bad name') +
      job('paused', { status: 'paused' }) +
      `opportunityEngagements:\n  cosell:\n    opportunity: O2001\n    involvementType: cosell\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:3:10: catalog: "sandbox" is not a valid catalog: expected one of AWS, Sandbox; did you mean "Sandbox"?',
      'a.yaml:5:3: snapshotJobs["bad name"]: "bad name" is not a valid logical name: expected a match for ^[A-Za-z0-9][A-Za-z0-9_-]*$, e.g. acme-migration',
      'a.yaml:13:13: snapshotJobs.paused.status: "paused" is not a valid job status: expected one of Running, Stopped',
      'a.yaml:17:22: opportunityEngagements.cosell.involvementType: "cosell" is not a valid involvement type: expected one of For Visibility Only, Co-Sell; did you mean "Co-Sell"?',
    ]);
  });

  it('tag keys and values with forbidden characters or over length', async () => {
    const longKey = 'k'.repeat(129);
    const longValue = 'v'.repeat(257);
    const text =
      `${SETTINGS}snapshotJobs:\n${job('acme')}    tags:\n` +
      `      "a#b": x\n      note: "50% off!"\n      ${longKey}: x\n      long: ${longValue}\n      "tab\\tkey": x\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:10:7: snapshotJobs.acme.tags["a#b"]: "a#b" is not a valid tag key: it contains "#" (U+0023); allowed are letters, numbers, spaces and _ . : / = + - @',
      'a.yaml:11:13: snapshotJobs.acme.tags.note: "50% off!" is not a valid tag value: it contains "%" (U+0025); allowed are letters, numbers, spaces and _ . : / = + - @',
      `a.yaml:12:7: snapshotJobs.acme.tags.${longKey}: tag key "${'k'.repeat(59)}…" is 129 characters long; at most 128 are allowed`,
      `a.yaml:13:13: snapshotJobs.acme.tags.long: tag value "${'v'.repeat(59)}…" is 257 characters long; at most 256 are allowed`,
      'a.yaml:14:7: snapshotJobs.acme.tags["tab\\tkey"]: "tab\\tkey" is not a valid tag key: it contains U+0009; allowed are letters, numbers, spaces and _ . : / = + - @',
    ]);
  });

  it("accepts tags in any script, as the model's Unicode classes do", async () => {
    const text = `${SETTINGS}snapshotJobs:\n${job('acme')}    tags:\n      équipe: Zürich alliances\n      チーム: 東京\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([]);
  });

  it('an empty file', async () => {
    expect(await problems({ 'a.yaml': SETTINGS, 'b.yaml': '' })).toEqual([
      'b.yaml:1:1: the file is empty; a stack file is a mapping (version, stack, snapshotJobs, …)',
    ]);
    expect(await problems({ 'a.yaml': SETTINGS, 'b.yaml': '# nothing yet\n' })).toEqual([
      'b.yaml:1:1: the file is empty; a stack file is a mapping (version, stack, snapshotJobs, …)',
    ]);
  });

  it('a directory with no YAML', async () => {
    const dir = stackDir({ 'README.md': '# not a stack\n', '.hidden/a.yaml': SETTINGS });
    const load = await loadStack(dir);
    expect(load.diagnostics.map(formatDiagnostic)).toEqual([`${dir}: no .yaml or .yml files in this directory`]);
  });

  it('a file that is not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(`${SETTINGS}defaults:\n  tags:\n    city: Z`), Buffer.from([0xfc]), Buffer.from('rich\n')]);
    expect(await problems({ 'a.yaml': bytes })).toEqual([
      'a.yaml:6:12: the file is not valid UTF-8 (byte 0xFC at offset 75); cosell reads UTF-8 only',
    ]);
  });

  it('a file in UTF-16', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SETTINGS, 'utf16le')]);
    expect(await problems({ 'a.yaml': bytes })).toEqual(['a.yaml:1:1: the file is UTF-16; cosell reads UTF-8 only (save it as UTF-8)']);
  });

  it("a YAML alias bomb, stopped by the yaml package's alias limit", async () => {
    let bomb = `${SETTINGS}x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
    for (let i = 1; i <= 9; i++)
      bomb += `x${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    expect(await problems({ 'a.yaml': bomb })).toEqual([
      'a.yaml:7:10: x3[0]: YAML aliases expand to more than 100 nodes here; this looks like an alias bomb (write the values out)',
    ]);
  });

  it('an alias to an anchor that does not exist', async () => {
    expect(await problems({ 'a.yaml': `${SETTINGS}defaults:\n  tags: *common\n` })).toEqual([
      'a.yaml:5:9: defaults.tags: alias *common refers to no anchor &common defined before it',
    ]);
  });

  it('an alias to the mapping or list it stands in', async () => {
    expect(await problems({ 'a.yaml': `${SETTINGS}defaults: &x\n  tags: *x\n` })).toEqual([
      'a.yaml:5:9: defaults.tags.tags: expected a string for tag value, got a mapping',
    ]);
    expect(await problems({ 'a.yaml': `${SETTINGS}ignoreTags: &x\n  keys: &k [a, *k]\n` })).toEqual([
      'a.yaml:5:16: ignoreTags.keys[1]: expected a string for tag key, got a list',
    ]);
  });

  it('anchors, aliases and merge keys within the limit are fine', async () => {
    const text =
      `${SETTINGS}snapshotJobs:\n  a: &job\n    engagement: eng-acmemigration1\n    opportunity: O1\n    template: Opp\n` +
      `  b:\n    <<: *job\n    opportunity: O2\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([]);
  });

  it('a 50 MB file is refused before it is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosell-big-'));
    writeFileSync(join(dir, 'a.yaml'), SETTINGS);
    const big = join(dir, 'huge.yaml');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024); // sparse: costs no disk and no time
    closeSync(fd);
    const load = await loadStack(dir);
    expect(load.diagnostics.map(formatDiagnostic)).toEqual([
      `${big}:1:1: the file is 50.0 MB; a stack file may be at most ${MAX_FILE_BYTES / 1024 / 1024}.0 MB (split the stack over several files)`,
    ]);
  });

  it('a path that does not exist', async () => {
    const missing = join(tmpdir(), 'cosell-no-such-stack', 'stack.yaml');
    const load = await loadStack(missing);
    expect(load.diagnostics.map(formatDiagnostic)).toEqual([`${missing}: no such file or directory`]);
  });

  it('duplicate keys inside one mapping', async () => {
    const text = `${SETTINGS}snapshotJobs:\n${job('acme')}${job('acme', { opportunity: 'O2' })}`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:9:3: snapshotJobs.acme: duplicate key "acme" in this mapping (first at line 5, column 3)',
    ]);
    expect(await problems({ 'a.yaml': `${SETTINGS}catalog: AWS\n` })).toEqual([
      'a.yaml:4:1: catalog: duplicate key "catalog" in this mapping (first at line 3, column 1)',
    ]);
  });

  it('several documents in one file', async () => {
    expect(await problems({ 'a.yaml': `${SETTINGS}---\nsnapshotJobs: {}\n` })).toEqual([
      'a.yaml:4:1: invalid YAML: Source contains multiple documents; please use YAML.parseAllDocuments()',
    ]);
  });

  it('a file that is not a mapping', async () => {
    expect(await problems({ 'a.yaml': '- version: 1\n' })).toEqual(['a.yaml:1:1: expected a mapping for a stack file, got a list']);
  });

  it('every problem, not just the first, across files in order', async () => {
    const lines = await problems({
      'b.yaml': 'snapshotJobs:\n  x:\n    engagement: nope\n    opportunity: O1\n    template: Opp\n',
      'a.yaml': 'version: 3\nstack: s\ncatalog: AWS\n',
    });
    expect(lines).toEqual([
      'a.yaml:1:10: version: unsupported format version 3; this cosell reads version 1',
      'b.yaml:3:17: snapshotJobs.x.engagement: "nope" is not a valid engagement id: expected a match for ^eng-[0-9a-z]{14}$, e.g. eng-acmemigration1',
    ]);
  });
});
