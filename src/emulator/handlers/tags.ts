import { notFound, validationError } from '../errors.js';
import { isCatalogName, parseJobArn, type Job, type Tag } from '../state.js';
import { isServiceTag } from '../../desired/tags.js';
import { checkTagRules, MAX_TAGS, type Handler, type HandlerContext } from './context.js';

/** The taggable resource an ARN names: only resource snapshot jobs carry tags. */
function resourceOf(ctx: HandlerContext, arn: string): Job {
  const parsed = parseJobArn(arn);
  const catalog = parsed && isCatalogName(parsed.catalog) ? ctx.world.catalogs.get(parsed.catalog) : undefined;
  const job = parsed && parsed.account === ctx.world.account ? catalog?.jobs.get(parsed.jobId) : undefined;
  if (!job) throw notFound(`Resource ${arn} was not found.`);
  return job;
}

export const listTagsForResource: Handler = (ctx, input) => {
  const job = resourceOf(ctx, input.ResourceArn as string);
  return { output: { Tags: job.tags.map(({ Key, Value }) => ({ Key, Value })) }, changed: false };
};

export const tagResource: Handler = (ctx, input) => {
  const job = resourceOf(ctx, input.ResourceArn as string);
  const tags = input.Tags as Tag[];
  checkTagRules(tags, 'Tags');
  const added = tags.filter((t) => !job.tags.some((o) => o.Key === t.Key)).length;
  if (job.tags.length + added > MAX_TAGS)
    throw validationError('BUSINESS_VALIDATION_FAILED', [
      {
        FieldName: 'Tags',
        Message: `A resource can carry at most ${MAX_TAGS} tags; this request would leave ${job.tags.length + added} on it.`,
        Code: 'TOO_MANY_VALUES',
      },
    ]);
  let changed = false;
  for (const t of tags) {
    const old = job.tags.find((o) => o.Key === t.Key);
    if (!old) job.tags.push({ Key: t.Key, Value: t.Value });
    else if (old.Value !== t.Value) old.Value = t.Value;
    else continue;
    changed = true;
  }
  return { output: {}, changed };
};

export const untagResource: Handler = (ctx, input) => {
  const job = resourceOf(ctx, input.ResourceArn as string);
  const keys = input.TagKeys as string[];
  const reserved = keys.findIndex(isServiceTag);
  if (reserved >= 0)
    throw validationError('BUSINESS_VALIDATION_FAILED', [
      {
        FieldName: `TagKeys[${reserved}]`,
        Message: `Tag key ${keys[reserved]} is reserved: keys starting with aws: belong to AWS.`,
        Code: 'INVALID_VALUE',
      },
    ]);
  const before = job.tags.length;
  job.tags = job.tags.filter((t) => !keys.includes(t.Key));
  return { output: {}, changed: job.tags.length !== before };
};
