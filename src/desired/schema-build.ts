import { CATALOGS, enumValues, shapeLength, shapePattern } from '../model/index.js';
import { allowedPunctuation, lookaheadLength } from './pattern-text.js';

/**
 * Builds the JSON Schema of a stack file (format version 1) from the service model, so that no
 * pattern, limit or enum is typed twice. `schemas/stack.schema.json` is this function's output,
 * written by `scripts/write-stack-schema.mjs`; a test keeps the two identical.
 */

export type JsonSchema = { [keyword: string]: unknown };

/** A string shape of the model as a schema: its pattern, and the length the pattern bounds. */
function modelString(shapeName: string, title: string, description: string, examples: string[]): JsonSchema {
  const pattern = shapePattern(shapeName);
  return { type: 'string', title, description, ...lookaheadLength(pattern), pattern, examples };
}

function modelEnum(shapeName: string, title: string, description: string): JsonSchema {
  return { type: 'string', title, description, enum: enumValues(shapeName) };
}

export function buildStackSchema(): JsonSchema {
  const maxTags = shapeLength('TagList').max;
  const keyPattern = shapePattern('TagKey');
  const valuePattern = shapePattern('TagValue');
  const keyLength = lookaheadLength(keyPattern);
  const valueLength = lookaheadLength(valuePattern);
  const keyChars = allowedPunctuation(keyPattern);
  const valueChars = allowedPunctuation(valuePattern);

  const tagKey = modelString(
    'TagKey',
    'tag key',
    `A tag key: ${keyLength?.minLength} to ${keyLength?.maxLength} letters, numbers, spaces and ${keyChars}. ` +
      'Keys starting with aws: are reserved by AWS, keys starting with cosell: by cosell.',
    ['team'],
  );
  const tagValue = modelString(
    'TagValue',
    'tag value',
    `A tag value: up to ${valueLength?.maxLength} letters, numbers, spaces and ${valueChars}. Quote numbers: "4411".`,
    ['alliances'],
  );

  const tags: JsonSchema = {
    type: 'object',
    title: 'tags',
    description: `Tags as a map of key to value; at most ${maxTags} on a resource, defaults and the cosell:stack tag included.`,
    maxProperties: maxTags,
    propertyNames: { $ref: '#/$defs/tagKey' },
    additionalProperties: { $ref: '#/$defs/tagValue' },
  };

  const resource = (title: string, description: string, properties: JsonSchema, required: string[]): JsonSchema => ({
    type: 'object',
    title,
    description,
    additionalProperties: false,
    required,
    properties: {
      ...properties,
      catalog: { $ref: '#/$defs/catalog' },
      tags: { $ref: '#/$defs/tags' },
    },
  });

  const section = (title: string, description: string, item: string): JsonSchema => ({
    // An empty section (every entry commented out) is null in YAML: accept it as no resources.
    type: ['object', 'null'],
    title,
    description,
    propertyNames: { $ref: '#/$defs/logicalName' },
    additionalProperties: { $ref: `#/$defs/${item}` },
  });

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'cosell stack file (format version 1)',
    description:
      'One file of a cosell stack. A stack is a directory of .yaml/.yml files or one file; top-level settings ' +
      'appear once in the stack, resources may be spread over any of its files.',
    type: 'object',
    additionalProperties: false,
    properties: {
      version: { title: 'format version', description: 'The stack format version: 1.', const: 1 },
      stack: {
        type: 'string',
        title: 'stack name',
        description: 'Names the owner of everything this stack creates: the value of the cosell:stack tag. Required once in the stack.',
        minLength: 1,
        ...(valueLength ? { maxLength: valueLength.maxLength } : {}),
        pattern: valuePattern,
        examples: ['emea-alliances'],
      },
      catalog: { $ref: '#/$defs/catalog' },
      defaults: {
        type: 'object',
        title: 'defaults',
        description: 'Defaults for every resource of the stack.',
        additionalProperties: false,
        properties: { tags: { $ref: '#/$defs/tags' } },
      },
      ignoreTags: {
        type: 'object',
        title: 'ignoreTags',
        description: 'Live tags cosell never adds, changes or removes.',
        additionalProperties: false,
        properties: {
          keys: { type: 'array', title: 'ignored tag keys', uniqueItems: true, items: { $ref: '#/$defs/tagKey' } },
          keyPrefixes: {
            type: 'array',
            title: 'ignored tag key prefixes',
            uniqueItems: true,
            items: { ...tagKey, title: 'tag key prefix', description: 'A prefix of tag keys to ignore.', examples: ['crm:'] },
          },
        },
      },
      tagPolicy: {
        type: 'string',
        title: 'tag policy',
        description:
          'An AWS Organizations tag policy document (JSON), relative to the file that sets it; a regular file inside the stack ' +
          "directory (8 MB at most). Every resource's effective " +
          'tags are checked against it (key capitalization, allowed values, required keys), and `cosell audit` checks live jobs.',
        minLength: 1,
        maxLength: 4096,
        examples: ['policies/tag-policy.json'],
      },
      snapshotJobs: section('snapshotJobs', 'Resource snapshot jobs, by logical name (address snapshotJob.NAME).', 'snapshotJob'),
      opportunityEngagements: section(
        'opportunityEngagements',
        'Engagements to start from opportunities (StartEngagementFromOpportunityTask, once), by logical name.',
        'opportunityEngagement',
      ),
      invitationAcceptances: section(
        'invitationAcceptances',
        'Engagement invitations to accept (StartEngagementByAcceptingInvitationTask, once), by logical name.',
        'invitationAcceptance',
      ),
    },
    $defs: {
      logicalName: {
        type: 'string',
        title: 'logical name',
        description: 'The name of a resource in this stack: letters, digits, - and _, starting with a letter or digit.',
        maxLength: 64,
        pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
        examples: ['acme-migration'],
      },
      catalog: {
        type: 'string',
        title: 'catalog',
        // The model's pattern is looser (^[a-zA-Z]+$); its documentation names these two values.
        description: 'AWS (production) or Sandbox (testing). Set at the top level as the default for every resource.',
        enum: [...CATALOGS],
      },
      engagementId: modelString('EngagementIdentifier', 'engagement id', 'The id of an engagement.', ['eng-acmemigration1']),
      opportunityId: modelString('OpportunityIdentifier', 'opportunity id', 'The id of an opportunity.', ['O1001']),
      // The task's Identifier member also takes an ARN; the stack takes ids only (the loader also
      // checks the id against that member's pattern, which is stricter on commas).
      invitationId: modelString('EngagementInvitationIdentifier', 'invitation id', 'The id of an engagement invitation.', [
        'engi-globexinvite1',
      ]),
      templateName: modelString('ResourceTemplateName', 'snapshot template name', 'The name of the resource snapshot template.', [
        'OpportunitySummaryView',
      ]),
      tagKey,
      tagValue,
      tags,
      snapshotJob: resource(
        'snapshot job',
        'A resource snapshot job. Its natural key is (catalog, engagement, opportunity, template).',
        {
          engagement: { $ref: '#/$defs/engagementId' },
          opportunity: { $ref: '#/$defs/opportunityId' },
          template: { $ref: '#/$defs/templateName' },
          status: {
            ...modelEnum('ResourceSnapshotJobStatus', 'job status', 'Whether the job runs (default) or is stopped.'),
            default: 'Running',
          },
        },
        ['engagement', 'opportunity', 'template'],
      ),
      opportunityEngagement: resource(
        'opportunity engagement',
        'Starts an engagement from an opportunity, once. Its tags land on the snapshot job the task creates.',
        {
          opportunity: { $ref: '#/$defs/opportunityId' },
          involvementType: modelEnum('SalesInvolvementType', 'involvement type', 'The kind of AWS involvement.'),
          visibility: modelEnum('Visibility', 'visibility', 'Who can see the AWS involvement.'),
        },
        ['opportunity', 'involvementType'],
      ),
      invitationAcceptance: resource(
        'invitation acceptance',
        'Accepts an engagement invitation, once. Its tags land on the snapshot job the task creates.',
        { invitation: { $ref: '#/$defs/invitationId' } },
        ['invitation'],
      ),
    },
  };
}
