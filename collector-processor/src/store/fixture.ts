import type { FaultlineEvent, LogType, Severity } from '../schema/index.ts';

/**
 * Realistic events for the conformance suite and the benchmark: the mix of a
 * web shop's backend (mostly INFO and DEBUG, some warnings, errors grouped in
 * a few patterns, rare critical ones), spread over days, deterministic for a
 * given index so expectations can be computed from the same data.
 */

export const SERVICES = ['checkout', 'payments', 'inventory', 'search'] as const;
export const MODULES = ['cart', 'card', 'stock', 'query', 'auth'] as const;
export const FUNCTIONS = ['addItem', 'chargeCard', 'reserve', 'runQuery', 'login'] as const;
const WORDS = ['timeout', 'refused', 'overflow', 'missing', 'expired', 'invalid'];

/** A small deterministic generator (mulberry32): the same seed gives the same events. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]) => list[Math.floor(r() * list.length)]!;

function severityOf(roll: number): Severity {
  if (roll < 0.35) return 'DEBUG';
  if (roll < 0.7) return 'INFO';
  if (roll < 0.82) return 'WARNING';
  if (roll < 0.96) return 'ERROR';
  if (roll < 0.99) return 'CRITICAL';
  return 'FATAL';
}

function logTypeOf(severity: Severity, roll: number): LogType {
  if (roll < 0.04) return 'SECURITY';
  if (roll < 0.07) return 'AUDIT';
  if (roll < 0.12) return 'PERFORMANCE';
  if (severity === 'ERROR' || severity === 'CRITICAL' || severity === 'FATAL') {
    return roll < 0.6 ? 'EXCEPTION' : 'ERROR';
  }
  if (severity === 'WARNING') return 'WARNING';
  if (severity === 'INFO') return roll < 0.3 ? 'USER_ACTION' : 'INFO';
  return 'DEBUG';
}

/**
 * Event number `i` of a data set starting at `start` (ms since the epoch),
 * one event every `stepMs`. Ids are `e<i>` padded so text order is number order.
 */
export function realisticEvent(i: number, start: number, stepMs: number): FaultlineEvent {
  const r = random(i + 1);
  const severity = severityOf(r());
  const logType = logTypeOf(severity, r());
  const service = pick(r, SERVICES);
  const moduleIndex = Math.floor(r() * MODULES.length);
  const word = pick(r, WORDS);
  const failing = severity === 'ERROR' || severity === 'CRITICAL' || severity === 'FATAL';
  const pattern = failing ? `p${moduleIndex}-${WORDS.indexOf(word) % 3}` : undefined;
  const user = r() < 0.6 ? `u${Math.floor(r() * 50)}` : undefined;
  const at = new Date(start + i * stepMs).toISOString();
  const event: FaultlineEvent = {
    '@timestamp': at,
    message: `${FUNCTIONS[moduleIndex]} ${failing ? 'failed' : 'ran'}: ${word} in ${service}`,
    event: { id: `e${String(i).padStart(9, '0')}`, duration: Math.floor(r() * 2000) * 1_000_000 },
    log: { level: severity },
    faultline: {
      log_type: logType,
      severity,
      status: r() < 0.8 ? 'open' : 'resolved',
      module: MODULES[moduleIndex],
      perf: { memory_bytes: Math.floor(r() * 512) * 1024 * 1024 },
    },
    service: { name: service, version: '1.4.2' },
    deployment: { environment: { name: r() < 0.7 ? 'production' : 'staging' } },
    code: { function: { name: FUNCTIONS[moduleIndex] } },
    trace: { id: (i * 7919).toString(16).padStart(32, '0') },
    // Present or absent from the start: deleting it after would leave the event in the
    // slow (dictionary) form that no event parsed from JSON, as the store gets them, has.
    ...(r() < 0.3 ? { tags: ['beta', ...(r() < 0.5 ? ['vip'] : [])] } : {}),
    attributes: { 'http.route': `/api/${MODULES[moduleIndex]}`, attempt: Math.floor(r() * 3) },
  };
  if (user) event.user = { id: user };
  if (failing) {
    event.error = {
      type: word === 'overflow' ? 'RangeError' : 'Error',
      message: `${word} while calling ${service}`,
      stack_trace: `Error: ${word}\n    at ${FUNCTIONS[moduleIndex]} (src/${MODULES[moduleIndex]}.ts:${10 + moduleIndex}:5)`,
      grouping_key: pattern,
    };
  }
  if (logType === 'SECURITY') {
    event.faultline.security = {
      level: pick(r, ['low', 'medium', 'high', 'critical'] as const),
      category: pick(r, ['authentication', 'injection']),
      impact: pick(r, ['data', 'availability']),
    };
  }
  if (r() < 0.1) event.faultline.session = { id: `s${Math.floor(r() * 3)}` };
  return event;
}

export function realisticEvents(count: number, start: number, stepMs: number): FaultlineEvent[] {
  return Array.from({ length: count }, (_, i) => realisticEvent(i, start, stepMs));
}
