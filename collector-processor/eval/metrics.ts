/**
 * Clustering quality measures. Each takes, per item, its ground-truth label
 * and its predicted group, in the same order.
 */

/** Loghub's Grouping Accuracy: share of items whose predicted group is exactly their true group. */
export function groupingAccuracy(truth: readonly string[], predicted: readonly string[]): number {
  const byPred = groupIndices(predicted);
  const byTruth = groupIndices(truth);
  let correct = 0;
  for (const members of byPred.values()) {
    const label = truth[members[0]!]!;
    const trueMembers = byTruth.get(label)!;
    if (trueMembers.length === members.length && members.every((i) => truth[i] === label)) {
      correct += members.length;
    }
  }
  return truth.length === 0 ? 1 : correct / truth.length;
}

export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
}

/** Counts per (label, prediction) pair, per label and per prediction: both scores start here. */
function contingency(truth: readonly string[], predicted: readonly string[]) {
  const joint = new Map<string, number>();
  const t = new Map<string, number>();
  const p = new Map<string, number>();
  truth.forEach((label, i) => {
    const k = `${label}\u0000${predicted[i]}`;
    joint.set(k, (joint.get(k) ?? 0) + 1);
    t.set(label, (t.get(label) ?? 0) + 1);
    p.set(predicted[i]!, (p.get(predicted[i]!) ?? 0) + 1);
  });
  return { joint, t, p };
}

/** Pairwise precision/recall/F1 over all pairs of items, counted through a contingency table. */
export function pairwise(truth: readonly string[], predicted: readonly string[]): PairwiseScores {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const { joint, t, p } = contingency(truth, predicted);
  const tp = sum([...joint.values()].map(pairs));
  const predPairs = sum([...p.values()].map(pairs));
  const truePairs = sum([...t.values()].map(pairs));
  return f1Of(predPairs === 0 ? 1 : tp / predPairs, truePairs === 0 ? 1 : tp / truePairs);
}

/** BCubed precision/recall/F1: per item, the share of its predicted group sharing its label, and back. */
export function bcubed(truth: readonly string[], predicted: readonly string[]): PairwiseScores {
  const { joint, t, p } = contingency(truth, predicted);
  let precision = 0;
  let recall = 0;
  truth.forEach((label, i) => {
    const both = joint.get(`${label}\u0000${predicted[i]}`)!;
    precision += both / p.get(predicted[i]!)!;
    recall += both / t.get(label)!;
  });
  const n = truth.length || 1;
  return f1Of(precision / n, recall / n);
}

function f1Of(precision: number, recall: number): PairwiseScores {
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function groupIndices(labels: readonly string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = m.get(l);
    if (list) list.push(i);
    else m.set(l, [i]);
  });
  return m;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
