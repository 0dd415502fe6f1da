/**
 * The words of a ratio show both halves as entered. An earlier number formatter dropped the zeros of whole
 * numbers printed without decimals, so 1.200 of 1.500 staff read "12/15" — a wrong figure in front of the
 * unit, though the points were right.
 */
import { describe, expect, it } from 'vitest';
import { scoreIndicator } from './helpers';

describe('ratio explanations', () => {
  it('1.200 of 1.500 staff informed reads "1.200/1.500 = 80%" (en "1,200/1,500 = 80%")', () => {
    const r = scoreIndicator('SO', '3.1', { numerator: 1200, denominator: 1500 });
    expect(r.explanation.vi).toContain('1.200/1.500 = 80%');
    expect(r.explanation.en).toContain('1,200/1,500 = 80%');
  });

  it('0 of 10 reads "0/10", and 100 of 100 reads "100/100"', () => {
    expect(scoreIndicator('SO', '3.1', { numerator: 0, denominator: 10 }).explanation.vi).toContain('0/10 = 0%');
    expect(scoreIndicator('SO', '3.1', { numerator: 100, denominator: 100 }).explanation.vi).toContain('100/100 = 100%');
  });
});
