import { proposeMerges } from '../grouping/index.ts';
import type { Logger } from '../log.ts';
import { runPeriodically } from '../periodic.ts';
import type { PatternStore, PatternSummary } from '../store/patterns.ts';
import type { AuditLog } from '../store/records.ts';
import { MAX_PAGE_SIZE } from '../store/store.ts';

/** One merge the processor makes on its own. */
export interface AutoMerge {
  readonly into: string;
  readonly sources: readonly string[];
}

type Candidate = PatternSummary;

/**
 * The merges one run makes: the merge proposals over the whole set of
 * message patterns (merged ones included, so the proposals stay the same
 * once accepted) whose varying position took at least `minValues` distinct
 * words. A proposal's target must not be merged itself; a source already
 * merged (by a person or an earlier run) stays where it is, and two patterns
 * a person unmerged are never joined again. A function of the set, so every
 * replica plans the same merges.
 */
export function planAutoMerges(patterns: readonly Candidate[], minValues: number): AutoMerge[] {
  if (minValues < 1) return [];
  const byId = new Map(patterns.map((p) => [p.id, p]));
  const templates = patterns
    .filter((p) => p.template !== undefined)
    .map((p) => ({ key: p.id, template: p.template!, scope: p.template_scope ?? '' }));
  const plan: AutoMerge[] = [];
  for (const proposal of proposeMerges(templates, { minDistinctValues: minValues })) {
    const target = byId.get(proposal.into)!;
    if (target.merged_into !== undefined) continue;
    const sources = proposal.keys.filter((id) => {
      const source = byId.get(id)!;
      return id !== target.id && source.merged_into === undefined && !keptApart(target, source);
    });
    if (sources.length) plan.push({ into: target.id, sources });
  }
  return plan;
}

const keptApart = (a: Candidate, b: Candidate) =>
  (a.kept_apart?.includes(b.id) ?? false) || (b.kept_apart?.includes(a.id) ?? false);

/**
 * Reads every stored pattern, plans the automatic merges and applies them as
 * stored decisions by 'system' (in each source's history and the audit log).
 * Replicas running it at once make the same merges; the store folds each
 * source once. Resolves with the merges made.
 */
export async function autoMerge(
  store: { readonly patterns: PatternStore; readonly audit: AuditLog },
  minValues: number,
  now: () => Date = () => new Date(),
): Promise<AutoMerge[]> {
  const candidates: Candidate[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.patterns.scan({ limit: MAX_PAGE_SIZE, ...(after ? { after } : {}) });
    candidates.push(...page);
    if (page.length < MAX_PAGE_SIZE) break;
    after = page.at(-1)!.id;
  }
  const plan = planAutoMerges(candidates, minValues);
  for (const { into, sources } of plan) {
    const at = now().toISOString();
    await store.patterns.merge(into, sources, { at, by: 'system' });
    for (const source of sources) {
      await store.audit.append({
        at,
        actor: 'system',
        action: 'pattern.merge',
        target: source,
        details: { into },
      });
    }
  }
  return plan;
}

/**
 * Runs autoMerge every `intervalMs` (and shortly after start); a run never
 * overlaps the previous one. Off when minValues is 0. Returns the stop function.
 */
export function scheduleAutoMerge(
  store: Parameters<typeof autoMerge>[0],
  settings: { readonly autoMergeMinValues: number; readonly autoMergeIntervalMs: number },
  logger: Logger,
): () => Promise<void> {
  if (settings.autoMergeMinValues < 1) return async () => {};
  const run = () =>
    autoMerge(store, settings.autoMergeMinValues)
      .then((plan) => {
        const merged = plan.reduce((n, step) => n + step.sources.length, 0);
        if (merged > 0) logger.info(`patterns: merged ${merged} automatically`);
      })
      .catch((error: unknown) =>
        logger.error('automatic merge failed; it runs again later', error),
      );
  const every = settings.autoMergeIntervalMs;
  return runPeriodically(run, every, Math.min(10_000, every));
}
