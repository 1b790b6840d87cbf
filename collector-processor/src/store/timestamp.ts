/**
 * `@timestamp` as a sort key: the schema allows 0–9 fractional digits, and
 * '…:00.5Z' must sort after '…:00.123456789Z'. Padding the fraction to nine
 * digits makes text order equal time order (the schema allows only UTC 'Z').
 */
export function sortableTimestamp(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(iso);
  if (!match) throw new RangeError(`not an ISO-8601 UTC timestamp: ${JSON.stringify(iso)}`);
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}
