import type { EventChanges } from '../event-changes.ts';

/**
 * The painless script behind bulk triage changes: the same rules as
 * applyChanges in event-changes.ts (tags unique, removals after additions,
 * an emptied list dropped, assignee null unassigns).
 */
export const UPDATE_SCRIPT = `
def f = ctx._source.faultline;
if (params.status != null) { f.status = params.status; }
if (params.unassign) { f.remove('assignee'); }
else if (params.assignee != null) { f.assignee = params.assignee; }
if (params.add.size() > 0 || params.remove.size() > 0) {
  def tags = new ArrayList();
  if (ctx._source.tags != null) {
    for (t in ctx._source.tags) { if (!tags.contains(t)) { tags.add(t); } }
  }
  for (t in params.add) { if (!tags.contains(t)) { tags.add(t); } }
  tags.removeAll(params.remove);
  if (tags.isEmpty()) { ctx._source.remove('tags'); } else { ctx._source.tags = tags; }
}
`.trim();

export function updateParams(changes: EventChanges) {
  return {
    status: changes.status ?? null,
    unassign: changes.assignee === null,
    assignee: changes.assignee ?? null,
    add: changes.addTags ?? [],
    remove: changes.removeTags ?? [],
  };
}
