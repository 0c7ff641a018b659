/** The views of `cosell audit`: text for people, JSON for programs, markdown for a PR or an issue. Pure. */
import { printable, safeJson } from '../../util/printable.js';
import type { AuditFinding, AuditReport } from '../audit.js';
import { palette } from './color.js';
import { plural, counted } from '../../util/plural.js';

export const AUDIT_FORMATS = ['human', 'json', 'markdown'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

function ownerText(f: AuditFinding, stack: string): string {
  if (f.owner === null) return 'unowned';
  return f.owner === stack ? `this stack (${f.owner})` : `stack ${f.owner}`;
}

function summary(r: AuditReport): string {
  const jobs = `${counted(r.jobs, 'live job')} in ${r.catalogs.join(', ') || 'no catalog'}`;
  const n = r.findings.length;
  return n === 0 ? `${jobs}: all comply with the tag policy.` : `${jobs}: ${n} ${plural(n, 'breaks', 'break')} the tag policy.`;
}

export function renderAuditHuman(r: AuditReport, options: { color?: boolean } = {}): string {
  const p = palette(options.color ?? false);
  const out: string[] = [];
  for (const f of r.findings) {
    out.push(
      `${p.bold(`${f.catalog} ${f.id}`)} (engagement ${f.engagement}, opportunity ${f.opportunity}, owner: ${printable(ownerText(f, r.stack))})`,
    );
    for (const v of f.violations) out.push(`  ${p.red('✗')} ${printable(v.message)}`);
    out.push('');
  }
  out.push(summary(r), '');
  return out.join('\n');
}

export function renderAuditJson(r: AuditReport): string {
  return `${safeJson(JSON.stringify({ format_version: '1.0', ...r }, null, 2))}\n`;
}

/** A markdown cell: no line breaks, pipes escaped, control characters shown. */
function cell(text: string): string {
  return printable(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

export function renderAuditMarkdown(r: AuditReport): string {
  const out = ['### cosell audit', '', summary(r), ''];
  if (r.findings.length > 0) {
    out.push('| job | catalog | engagement | opportunity | owner | violation |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of r.findings)
      for (const v of f.violations)
        out.push(
          `| \`${f.id}\` | ${f.catalog} | \`${f.engagement}\` | \`${f.opportunity}\` | ${cell(ownerText(f, r.stack))} | ${cell(v.message)} |`,
        );
    out.push('');
  }
  return out.join('\n');
}

export function renderAudit(r: AuditReport, format: AuditFormat, options: { color?: boolean } = {}): string {
  if (format === 'json') return renderAuditJson(r);
  if (format === 'markdown') return renderAuditMarkdown(r);
  return renderAuditHuman(r, options);
}
