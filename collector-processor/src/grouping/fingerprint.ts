import { hash } from 'node:crypto';
import type { FaultlineEvent } from '../schema/index.ts';
import {
  compileGroupingConfig,
  GROUPING_ALGORITHM,
  type CompiledGroupingConfig,
} from './config.ts';
import { isAppFrame, normalizeFrames } from './frames.ts';
import { TextMemo } from '../memo.ts';
import type { StackFrame } from '../schema/index.ts';
import type { MaskRule } from './mask-rules.ts';
import { keyForm, parameterize } from './parameterize.ts';
import { eventModule } from './rules.ts';
import { parseStack, type ParsedStack } from './stacks/index.ts';

export type FingerprintKind = 'stack' | 'message' | 'custom';

export interface Fingerprint {
  /** 32 hex characters; the pattern id. */
  readonly key: string;
  /** The grouping configuration version that made it. */
  readonly version: string;
  readonly kind: FingerprintKind;
  /** The readable parts that were hashed, for explaining why two events group. */
  readonly parts: readonly string[];
  /** The parameterized message, with typed placeholders: a title for the pattern. */
  readonly title: string;
  /** Id of the custom rule that decided the key, if one did. */
  readonly rule?: string;
}

const DEFAULT_COMPILED = compileGroupingConfig();

/*
 * Error streams repeat the same messages and stacks: the pure steps below are
 * remembered on their exact input (a changed configuration brings new mask
 * rules and frame limits, hence fresh entries).
 */
const titles = new WeakMap<readonly MaskRule[], TextMemo<string>>();
const stacks = new TextMemo<ParsedStack>();
const keyFrames = new WeakMap<readonly StackFrame[], { limit: number; keys: readonly string[] }>();
const hashes = new TextMemo<string>({ maxEntries: 10_000 });

function titleOf(message: string, maskRules: readonly MaskRule[]): string {
  let memo = titles.get(maskRules);
  if (!memo) titles.set(maskRules, (memo = new TextMemo()));
  return memo.get(message, (m) => parameterize(m, maskRules));
}

const parsedStack = (text: string | undefined): ParsedStack =>
  text ? stacks.get(text, parseStack) : parseStack(text);

/** Frames are shared by every event of one stack text (pipeline/enrich.ts): keyed by identity. */
function keyFramesOf(frames: readonly StackFrame[], limit: number): readonly string[] {
  const kept = keyFrames.get(frames);
  if (kept?.limit === limit) return kept.keys;
  const computed = normalizeFrames(frames, limit);
  if (Object.isFrozen(frames)) keyFrames.set(frames, { limit, keys: computed });
  return computed;
}

/**
 * The grouping key of one event: a pure function of the event and the
 * configuration, so every processor replica, in any order, computes the same.
 */
export function fingerprint(
  event: FaultlineEvent,
  config: CompiledGroupingConfig = DEFAULT_COMPILED,
): Fingerprint {
  const rawMessage = event.error?.message ?? event.message;
  const title = titleOf(rawMessage, config.maskRules);
  const defaults = defaultParts(event, title, config);
  const rule = config.rules.find((r) => r.test(event));
  if (!rule) return build(defaults.kind, defaults.parts, title, config.version);

  const parts: string[] = [];
  for (const element of rule.fingerprint) {
    const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(element)?.[1];
    if (name === 'default') parts.push(...defaults.parts);
    else if (name === 'type') parts.push(event.error?.type ?? '');
    else if (name === 'message') parts.push(keyForm(title));
    else if (name === 'module') parts.push(eventModule(event));
    else if (name === 'service') parts.push(event.service?.name ?? '');
    else parts.push(element);
  }
  return build('custom', [`rule:${rule.id}`, ...parts], title, config.version, rule.id);
}

function defaultParts(
  event: FaultlineEvent,
  title: string,
  config: CompiledGroupingConfig,
): { kind: FingerprintKind; parts: string[] } {
  const error = event.error;
  // The text is parsed even when the pipeline gave frames: only it names the causes.
  const parsed = parsedStack(error?.stack_trace);
  const type = error?.type ?? parsed.type ?? '';
  // A wrapped exception failed where its root cause was raised; the wrappers add only the route.
  const root = parsed.rootCauseFrames;
  const frames = root?.some(isAppFrame) ? root : (error?.frames ?? parsed.frames);
  const keyFrames = keyFramesOf(frames, config.maxFrames);
  const family = familyOf(event);
  if (keyFrames.length > 0) {
    const chain = [type, ...parsed.causes].join(' <- ');
    return { kind: 'stack', parts: [...family, 'stack', chain, ...keyFrames] };
  }
  return { kind: 'message', parts: [...family, 'message', type, keyForm(title)] };
}

/**
 * Slow operations, security and audit events and user actions are patterns of
 * their own kind even when their text matches an error's. Among the problem
 * types (EXCEPTION … DEBUG) the level does not split a pattern: one bug logged
 * once as a warning and once as an error is one bug, whose severity the
 * pattern tracks.
 */
const OWN_FAMILY: ReadonlySet<string> = new Set([
  'PERFORMANCE',
  'SECURITY',
  'AUDIT',
  'USER_ACTION',
]);

function familyOf(event: FaultlineEvent): string[] {
  const t = event.faultline.log_type;
  return OWN_FAMILY.has(t) ? [`family:${t}`] : [];
}

function build(
  kind: FingerprintKind,
  parts: string[],
  title: string,
  version: string,
  rule?: string,
): Fingerprint {
  // One-shot hashing: no Hash object per event, measurably faster on the hot path.
  const text = `${GROUPING_ALGORITHM}\n${parts.join('\n')}`;
  const key = hashes.get(text, (t) => hash('sha256', t, 'hex').slice(0, 32));
  return { key, version, kind, parts, title, ...(rule !== undefined && { rule }) };
}
