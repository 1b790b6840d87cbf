import { compileGroupingConfig, type CompiledGroupingConfig } from '../grouping/config.ts';
import type { Severity } from '../schema/index.ts';
import { compileInAppRules, type InAppRules } from './stack/in-app.ts';
import { compileScrubRules, type ScrubRules } from './scrub-rules.ts';
import { PIPELINE_DEFAULTS, type PipelineSettings } from './settings.ts';

/**
 * The settings turned into what the stages use: thresholds in nanoseconds
 * (bigint, compared with span durations) and regular expressions compiled
 * once, not per event.
 */
export interface PipelineRules {
  readonly slowSpanNanos: bigint;
  readonly criticalSpanNanos: bigint;
  readonly minLogSeverity: Severity;
  readonly securityCategories: ReadonlySet<string>;
  readonly auditCategories: ReadonlySet<string>;
  readonly inApp: InAppRules;
  /** Undefined when scrubbing is switched off. */
  readonly scrub: ScrubRules | undefined;
  readonly grouping: CompiledGroupingConfig;
}

const msToNanos = (ms: number) => BigInt(Math.round(ms * 1_000_000));

export function compileRules(settings: PipelineSettings = PIPELINE_DEFAULTS): PipelineRules {
  return Object.freeze({
    slowSpanNanos: msToNanos(settings.slowSpanMs),
    criticalSpanNanos: msToNanos(settings.criticalSpanMs),
    minLogSeverity: settings.minLogSeverity,
    securityCategories: new Set(settings.securityCategories.map((c) => c.toLowerCase())),
    auditCategories: new Set(settings.auditCategories.map((c) => c.toLowerCase())),
    inApp: compileInAppRules(settings.inAppInclude, settings.inAppExclude),
    scrub: settings.scrub
      ? compileScrubRules({
          emails: settings.scrubEmails,
          keys: settings.scrubKeys,
          patterns: settings.scrubPatterns,
        })
      : undefined,
    grouping: compileGroupingConfig(settings.grouping),
  });
}
