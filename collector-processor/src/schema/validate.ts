import { FormatRegistry } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { FaultlineEvent } from './event.ts';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => ISO_UTC.test(v));

// Compiled once: validation runs per event on the hot path.
const compiled = TypeCompiler.Compile(FaultlineEvent);

export type ValidationResult = { ok: true } | { ok: false; errors: string[] };

/** Checks a document against the event schema; errors name the offending path. */
export function validateEvent(value: unknown): ValidationResult {
  if (compiled.Check(value)) return { ok: true };
  const errors = [...compiled.Errors(value)]
    .slice(0, 10)
    .map((e) => `${e.path || '/'}: ${e.message}`);
  return { ok: false, errors };
}
