import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectLayout, headerFields } from '../../src/format/layout.js';
import { CLOUDFRONT_FIELDS } from '../../src/format/schema.js';
import { InputError } from '../../src/util/errors.js';

const AMPLIFY_HEADER = CLOUDFRONT_FIELDS.map((f) => f.replace('(', '\\(')).join(',');
const ROW = ['2026-11-25', '10:00:00', 'SEA19-C1', '100', '192.0.2.1', 'GET', 'd.cloudfront.net', '/', '200'];

describe('detectLayout', () => {
  test('returns the Amplify CSV layout when the header escapes only (', () => {
    const layout = detectLayout([AMPLIFY_HEADER, 'x'], 'f.csv');
    assert.equal(layout?.kind, 'amplify-csv');
    assert.equal(layout?.delimiter, ',');
    assert.equal(layout?.headerLines, 1);
    assert.deepEqual(layout?.fields, CLOUDFRONT_FIELDS);
  });

  test('returns the same fields when the header also escapes )', () => {
    const header = CLOUDFRONT_FIELDS.map((f) => f.replace('(', '\\(').replace(')', '\\)')).join(',');
    assert.deepEqual(detectLayout([header], 'f.csv')?.fields, CLOUDFRONT_FIELDS);
  });

  test('returns the CloudFront layout from #Fields, skipping #Version', () => {
    const layout = detectLayout(
      ['#Version: 1.0', `#Fields: ${CLOUDFRONT_FIELDS.slice(0, 24).join(' ')}`, 'x'],
      'f.log',
    );
    assert.equal(layout?.kind, 'cloudfront-tsv');
    assert.equal(layout?.headerLines, 2);
    assert.equal(layout?.fields.length, 24);
  });

  test('returns the fields when #Fields is separated by tabs', () => {
    const layout = detectLayout(['#Version:\t1.0', `#Fields:\t${CLOUDFRONT_FIELDS.join('\t')}`], 'f.log');
    assert.deepEqual(layout?.fields, CLOUDFRONT_FIELDS);
  });

  for (const count of [19, 24, 26, 33]) {
    test(`returns the ${count}-field era by position when a TSV file has no header`, () => {
      const values = [...ROW, ...Array(count - ROW.length).fill('-')];
      const layout = detectLayout([values.join('\t')], 'f.log');
      assert.equal(layout?.headerless, true);
      assert.deepEqual(layout?.fields, CLOUDFRONT_FIELDS.slice(0, count));
    });
  }

  test('returns the 33-field layout when a headerless line ends with a stray tab', () => {
    const values = [...ROW, ...Array(33 - ROW.length).fill('-'), ''];
    assert.equal(detectLayout([values.join('\t')], 'f.log')?.fields.length, 33);
  });

  test('returns undefined when the file has no lines', () => {
    assert.equal(detectLayout([], 'f'), undefined);
    assert.equal(detectLayout(['', '  '], 'f'), undefined);
  });

  for (const [what, line] of [
    ['semicolon-separated text', AMPLIFY_HEADER.replaceAll(',', ';')],
    ['a JSON document', '{"date": "2026-11-25"}'],
    ['binary bytes', '\u0000\u0001PK\u0003\u0004'],
    ['a line with an unknown field count', ROW.join('\t')],
  ]) {
    test(`throws an InputError naming the file when given ${what}`, () => {
      assert.throws(
        () => detectLayout([line as string], 'data/x.bin'),
        (error: unknown) =>
          error instanceof InputError && /^data\/x\.bin is not an Amplify or CloudFront/.test(error.message),
      );
    });
  }

  test('throws when the header lacks the request id', () => {
    const header = CLOUDFRONT_FIELDS.filter((f) => f !== 'x-edge-request-id').join(',');
    assert.throws(
      () => detectLayout([header], 'f.csv'),
      /the header lacks the field x-edge-request-id, which every log line needs/,
    );
  });

  test('returns no header fields for a log line', () => {
    assert.equal(headerFields(ROW.join(',')), undefined);
  });
});
