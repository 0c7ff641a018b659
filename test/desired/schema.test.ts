import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enumValues, shapeLength, shapePattern } from '../../src/model/index.js';
import { buildStackSchema } from '../../src/desired/schema-build.js';

const root = resolve(import.meta.dirname, '../..');
const committed = JSON.parse(readFileSync(join(root, 'schemas/stack.schema.json'), 'utf8')) as Record<string, unknown>;
const defs = committed.$defs as Record<string, Record<string, unknown>>;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

describe('schemas/stack.schema.json', () => {
  it('is exactly what the model yields (regenerate: npm run build && node scripts/write-stack-schema.mjs)', () => {
    expect(committed).toEqual(buildStackSchema());
  });

  it('takes every pattern, limit and enum from the service model', () => {
    expect(defs.engagementId!.pattern).toBe(shapePattern('EngagementIdentifier'));
    expect(defs.opportunityId!.pattern).toBe(shapePattern('OpportunityIdentifier'));
    expect(defs.opportunityId!.pattern).toBe(shapePattern('ResourceIdentifier'));
    expect(defs.invitationId!.pattern).toBe(shapePattern('EngagementInvitationIdentifier'));
    expect(defs.templateName!.pattern).toBe(shapePattern('ResourceTemplateName'));
    expect(defs.tagKey!.pattern).toBe(shapePattern('TagKey'));
    expect(defs.tagValue!.pattern).toBe(shapePattern('TagValue'));
    expect(defs.tags!.maxProperties).toBe(shapeLength('TagList').max);
    expect(defs.tagKey).toMatchObject({ minLength: 1, maxLength: 128 });
    expect(defs.tagValue).toMatchObject({ minLength: 0, maxLength: 256 });
    const job = defs.snapshotJob!.properties as Record<string, Record<string, unknown>>;
    expect(job.status!.enum).toEqual(enumValues('ResourceSnapshotJobStatus'));
    const engagement = defs.opportunityEngagement!.properties as Record<string, Record<string, unknown>>;
    expect(engagement.involvementType!.enum).toEqual(enumValues('SalesInvolvementType'));
    expect(engagement.visibility!.enum).toEqual(enumValues('Visibility'));
  });

  it('is named by every example file, for editors', () => {
    const files = yamlFiles(join(root, 'examples/stack'));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const first = readFileSync(file, 'utf8').split('\n')[0]!;
      const m = /^# yaml-language-server: \$schema=(.+)$/.exec(first);
      expect(m, file).not.toBeNull();
      expect(resolve(dirname(file), m![1]!)).toBe(join(root, 'schemas/stack.schema.json'));
    }
  });
});
