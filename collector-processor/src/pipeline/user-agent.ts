import UAParser from 'ua-parser-js';
import type { FaultlineEvent } from '../schema/index.ts';

/**
 * user_agent.original → browser name and version, OS and device, with
 * ua-parser-js 1.x (MIT; its 2.x line is AGPL). Results are remembered for a
 * bounded number of distinct strings: a service sees few user agents, many times.
 */

type ParsedAgent = Omit<NonNullable<FaultlineEvent['user_agent']>, 'original'>;

const CACHE_LIMIT = 1000;
const MAX_LENGTH = 512;
const cache = new Map<string, ParsedAgent>();

function parse(original: string): ParsedAgent {
  const result = new UAParser(original.slice(0, MAX_LENGTH)).getResult();
  const device = [result.device.vendor, result.device.model].filter(Boolean).join(' ');
  return {
    name: result.browser.name,
    version: result.browser.version,
    os: { name: result.os.name, version: result.os.version },
    device: { name: device || undefined },
  };
}

export function parseUserAgent(original: string): ParsedAgent {
  let parsed = cache.get(original);
  if (!parsed) {
    parsed = parse(original);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(original, parsed);
  }
  return parsed;
}
