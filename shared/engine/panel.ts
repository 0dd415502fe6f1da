/**
 * How the panel's points for one indicator come from its evaluators' points. The criteria use the mean;
 * the median and a trimmed mean are there for sensitivity checks and for panels that prefer them.
 */
import type { PanelAggregate } from '../criteria/types';
import * as Rational from '../exact/rational';
import type { Q } from '../exact/rational';
import type { Text } from '../i18n/text';

/** The rational functions, copied into a local object: direct calls also when run as CommonJS (see rational.ts). */
const R = { ...Rational };

export const AGGREGATES: readonly PanelAggregate[] = ['mean', 'median', 'trimmed'];

export const AGGREGATE_LABEL: Readonly<Record<PanelAggregate, Text>> = {
  mean: { vi: 'trung bình', en: 'mean' },
  median: { vi: 'trung vị', en: 'median' },
  trimmed: { vi: 'trung bình bỏ cao nhất và thấp nhất', en: 'mean without the highest and lowest' },
};

/**
 * mean: the arithmetic mean. median: the middle value, or the mean of the two middle values.
 * trimmed: with three or more values, drop one lowest and one highest, then the mean; fewer → the mean.
 */
export function aggregate(values: readonly Q[], how: PanelAggregate): Q {
  if (values.length === 0) throw new RangeError('aggregate of no values');
  if (values.length === 1) return values[0]!;
  if (how === 'mean') return R.div(R.sum(values), R.q(values.length));
  const sorted = [...values].sort(R.cmp);
  if (how === 'median') {
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : R.div(R.add(sorted[mid - 1]!, sorted[mid]!), R.q(2));
  }
  const kept = sorted.length >= 3 ? sorted.slice(1, -1) : sorted;
  return R.div(R.sum(kept), R.q(kept.length));
}
