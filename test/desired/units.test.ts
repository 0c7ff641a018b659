import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/desired/suggest.js';
import { decodeUtf8, firstInvalidUtf8 } from '../../src/desired/utf8.js';
import { formatPath, pointerToPath } from '../../src/desired/yaml-path.js';

describe('UTF-8 decoding', () => {
  it('finds the first byte that is not well-formed UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('plain ascii'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from('Zürich 東京 🎉'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xe6, 0x9d]))).toBe(2); // cut short
    expect(firstInvalidUtf8(Uint8Array.from([0x80]))).toBe(0); // a lone continuation byte
  });

  it('drops a byte-order mark and reports a bad byte by line and column', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFa: 1\n'))).toEqual({ ok: true, text: 'a: 1\n' });
    expect(decodeUtf8(Uint8Array.from([0xe9, 0x0a]))).toMatchObject({ ok: false, line: 1, column: 1 });
    expect(decodeUtf8(Buffer.concat([Buffer.from('a: 1\nb: é'), Uint8Array.from([0xff])]))).toMatchObject({
      ok: false,
      line: 2,
      column: 5,
    });
  });
});

describe('suggestions', () => {
  it('measures edits and proposes only plausible typos', () => {
    expect(editDistance('engagment', 'engagement')).toBe(1);
    expect(closest('engagment', ['engagement', 'opportunity'])).toBe('engagement');
    expect(closest('STATUS', ['status', 'tags'])).toBe('status');
    expect(closest('resources', ['version', 'stack', 'catalog'])).toBeUndefined();
  });
});

describe('YAML paths', () => {
  it('prints keys plainly when it can, quoted when it must', () => {
    expect(formatPath(['snapshotJobs', 'acme', 'tags', 'owner'])).toBe('snapshotJobs.acme.tags.owner');
    expect(formatPath(['ignoreTags', 'keys', 0])).toBe('ignoreTags.keys[0]');
    expect(formatPath(['defaults', 'tags', 'crm:id'])).toBe('defaults.tags["crm:id"]');
    expect(formatPath([])).toBe('');
  });

  it('reads ajv pointers, telling list indexes from numeric keys', () => {
    const data = { a: [{ '0': 'x' }], 'b/c': { '~': 1 } };
    expect(pointerToPath('/a/0/0', data)).toEqual(['a', 0, '0']);
    expect(pointerToPath('/b~1c/~0', data)).toEqual(['b/c', '~']);
  });
});
