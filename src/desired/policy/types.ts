/** A tag policy, as cosell reads an AWS Organizations tag policy document. Plain data. */

/** One statement of the policy: the rules for one tag key. */
export interface PolicyRule {
  /** The policy key as written, e.g. `costcenter`. */
  policyKey: string;
  /** The key with the capitalization the policy requires: `tag_key`, else the policy key in lower case. */
  tagKey: string;
  /** The allowed values (each with at most one `*` wildcard); null when the policy allows any value. */
  values: string[] | null;
  /** `report_required_tag_for` names Partner Central's resource snapshot jobs. */
  required: boolean;
  /** `enforced_for` names them: the policy would refuse a noncompliant tagging call. */
  enforced: boolean;
  /** Where the statement stands in the policy file, `FILE:LINE:COL`. */
  at: string;
}

export interface TagPolicy {
  /** The policy file, as the stack names it (relative to the working directory when it was). */
  file: string;
  rules: PolicyRule[];
}

/** How one resource's tags break a rule. */
export type Violation =
  | { kind: 'key-case'; key: string; value: string; rule: PolicyRule }
  | { kind: 'value'; key: string; value: string; rule: PolicyRule }
  | { kind: 'missing'; rule: PolicyRule };

/**
 * The resource types a policy may name for cosell's resources: every engagement task ends in a
 * resource snapshot job, so these are the only ones.
 */
export const PARTNER_CENTRAL_TYPES: readonly string[] = [
  'partnercentral:*',
  'partnercentral:ALL_SUPPORTED',
  'partnercentral:resource-snapshot-job',
];
