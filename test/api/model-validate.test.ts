import { describe, expect, it } from 'vitest';
import { operationInfo, OPERATIONS, validateInput, errorInfo } from '../../src/model/index.js';

describe('model-derived validation', () => {
  it('accepts a valid CreateResourceSnapshotJob', () => {
    expect(
      validateInput('CreateResourceSnapshotJob', {
        Catalog: 'Sandbox',
        ClientToken: 'abc',
        EngagementIdentifier: 'eng-abcdefghijklmn',
        ResourceType: 'Opportunity',
        ResourceIdentifier: 'O123',
        ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
        Tags: [{ Key: 'équipe', Value: 'Zürich alliances' }],
      }),
    ).toEqual([]);
  });

  it('names every bad field with the service codes', () => {
    const issues = validateInput('CreateResourceSnapshotJob', {
      Catalog: 'Sandbox',
      EngagementIdentifier: 'eng-short',
      ResourceType: 'Account',
      ResourceIdentifier: 'O123',
      ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
      Tags: [{ Key: 'bad!key', Value: 'x' }],
      Extra: 1,
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ FieldName: 'ClientToken', Code: 'REQUIRED_FIELD_MISSING' }),
        expect.objectContaining({ FieldName: 'EngagementIdentifier', Code: 'INVALID_STRING_FORMAT' }),
        expect.objectContaining({ FieldName: 'ResourceType', Code: 'INVALID_ENUM_VALUE' }),
        expect.objectContaining({ FieldName: 'Tags[0].Key', Code: 'INVALID_STRING_FORMAT' }),
        expect.objectContaining({ FieldName: 'Extra', Code: 'INVALID_VALUE' }),
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it('treats names of Object.prototype as unknown fields, not as members', () => {
    const body = JSON.parse(
      '{"Catalog": "AWS", "ResourceSnapshotJobIdentifier": "job-abcdefghijklm", "toString": 1, "constructor": 2, "__proto__": 3}',
    ) as object;
    expect(validateInput('GetResourceSnapshotJob', body).map((i) => i.FieldName)).toEqual(['toString', 'constructor', '__proto__']);
  });

  it('checks list lengths and integer ranges', () => {
    const tags = Array.from({ length: 201 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(
      validateInput('TagResource', {
        ResourceArn: 'arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/job-abcdefghijklm',
        Tags: tags,
      }),
    ).toEqual([expect.objectContaining({ FieldName: 'Tags', Code: 'TOO_MANY_VALUES' })]);
    expect(validateInput('ListResourceSnapshotJobs', { Catalog: 'AWS', MaxResults: 0 })).toEqual([
      expect.objectContaining({ FieldName: 'MaxResults', Code: 'VALUE_OUT_OF_RANGE' }),
    ]);
    expect(validateInput('ListEngagementFromOpportunityTasks', { Catalog: 'AWS', NextToken: 'a\nb' })).toEqual([]);
  });

  it('rejects a body that is not an object', () => {
    expect(validateInput('GetResourceSnapshotJob', [1])).toEqual([expect.objectContaining({ Code: 'INVALID_VALUE' })]);
  });

  it('reads operation traits from the model', () => {
    expect(OPERATIONS).toHaveLength(13);
    expect(operationInfo('CreateResourceSnapshotJob')).toMatchObject({ idempotencyToken: 'ClientToken', readonly: false });
    expect(operationInfo('StartResourceSnapshotJob')).toMatchObject({ idempotent: true, successCode: 204 });
    expect(operationInfo('ListResourceSnapshotJobs').paginated?.items).toBe('ResourceSnapshotJobSummaries');
    expect(operationInfo('StartEngagementFromOpportunityTask')).toMatchObject({ idempotent: false, idempotencyToken: 'ClientToken' });
    expect(errorInfo('ThrottlingException')).toMatchObject({ status: 429, fault: 'client' });
    expect(errorInfo('ServiceQuotaExceededException')?.status).toBe(402);
  });
});
