import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStackText } from '../../src/desired/fmt.js';
import { countNodes, unclosedQuote } from '../../src/desired/yaml-lex.js';
import { job, problems, SETTINGS } from './helpers.js';

describe('an unclosed quoted string', () => {
  // 12 lines; the quote that is never closed opens on line 8.
  const TEXT =
    `${SETTINGS}snapshotJobs:\n${job('acme').replace('template: OpportunitySummaryView', 'template: "OpportunitySummaryView')}` +
    'opportunityEngagements: {}\ninvitationAcceptances: {}\n# end\n# of the file\n';

  it('is reported where the quote opens, not at the end of the file', async () => {
    expect(TEXT.split('\n')).toHaveLength(13); // 12 lines and the final newline
    expect(TEXT.split('\n')[7]).toBe('    template: "OpportunitySummaryView');
    expect(await problems({ 'a.yaml': TEXT })).toEqual([
      'a.yaml:8:15: invalid YAML: this quoted string is never closed (add the closing ")',
    ]);
  });

  it('the same in a single-quoted string, and by cosell fmt', async () => {
    const single = TEXT.replace('"OpportunitySummaryView', "'Opportunity''s view");
    expect(await problems({ 'a.yaml': single })).toEqual([
      "a.yaml:8:15: invalid YAML: this quoted string is never closed (add the closing ')",
    ]);
    const fmt = formatStackText('a.yaml', TEXT);
    expect(fmt.ok ? [] : fmt.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [8, 15, 'invalid YAML: this quoted string is never closed (add the closing ")'],
    ]);
  });

  it('errors before the quote are kept', async () => {
    const text = `${SETTINGS}a: [1, 2\nb: "open\n`;
    const lines = await problems({ 'a.yaml': text });
    expect(lines.at(-1)).toBe('a.yaml:5:4: invalid YAML: this quoted string is never closed (add the closing ")');
  });

  it('closed strings, escapes and doubled quotes are not taken for unclosed ones', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const double = `a: ${JSON.stringify(s)}\n`;
        const single = `b: '${s.replace(/'/g, "''").replace(/\n/g, ' ')}'\n`;
        return unclosedQuote(double) === undefined && unclosedQuote(single) === undefined;
      }),
    );
    expect(unclosedQuote('a: "x\\"\nb: 1\n')).toEqual({ offset: 3, quote: '"' });
    expect(unclosedQuote("a: 'it''s\n")).toEqual({ offset: 3, quote: "'" });
  });
});

describe('counting YAML nodes', () => {
  it('counts scalars, aliases, collections and block entries', () => {
    expect(countNodes('a: 1\nb: [x, "y", *z]\nc:\n  - d\n', 100).count).toBe(13);
  });

  it('stops at the limit and says where', () => {
    expect(countNodes('- 1\n- 2\n- 3\n', 3)).toEqual({ count: 4, over: 6 });
  });

  it('never counts more nodes than characters (what lets a small stack skip the count)', () => {
    fc.assert(fc.property(fc.string(), (s) => countNodes(s, Infinity).count <= s.length));
  });
});
