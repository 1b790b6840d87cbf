import type { RawFrame } from './types.ts';

/**
 * Whether a frame is the application's own code. Dependencies and runtime
 * internals are not: their frames explain how the error travelled, not where
 * the application went wrong. User patterns (FAULTLINE_IN_APP_INCLUDE /
 * _EXCLUDE) are tried against the frame's file and module before the defaults;
 * include wins.
 */

/** Files of dependencies, standard libraries and runtimes. */
const DEFAULT_FILE_EXCLUDES: readonly RegExp[] = [
  /(^|[\\/])node_modules[\\/]/,
  /^node:/,
  /^internal[\\/]/,
  /^<[^>]*>$/, // <anonymous>, <frozen importlib._bootstrap>, <string>
  /^\[native code\]$/,
  /^native$/,
  /[\\/](site|dist)-packages[\\/]/,
  /[\\/]lib[\\/]python\d+(\.\d+)?[\\/]/,
  /[\\/](gems|vendor[\\/]bundle)[\\/]/,
  /[\\/]lib[\\/]ruby[\\/]/,
  /^\/usr\/(local\/)?go\/src\//, // GOROOT in the usual places
  /[\\/]go[\\/]pkg[\\/]mod[\\/]/, // the Go module cache
  /[\\/]libexec[\\/]src[\\/]/, // GOROOT from Homebrew and some distributions
];

/** JVM and .NET packages of the platform and of common frameworks. */
const DEFAULT_MODULE_EXCLUDES: readonly RegExp[] = [
  /^(java|javax|jakarta|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy)\./,
  /^(org\.springframework|org\.apache|org\.hibernate|org\.eclipse\.jetty|org\.glassfish|io\.netty|io\.grpc|io\.opentelemetry|io\.micronaut|io\.quarkus|io\.vertx|io\.undertow|com\.fasterxml|com\.google|reactor|okhttp3|akka)\./,
  /^(System|Microsoft)(\.|$)/,
];

export interface InAppRules {
  readonly include: readonly RegExp[];
  readonly exclude: readonly RegExp[];
}

export function compileInAppRules(
  include: readonly string[],
  exclude: readonly string[],
): InAppRules {
  return {
    include: include.map((p) => new RegExp(p, 'u')),
    exclude: exclude.map((p) => new RegExp(p, 'u')),
  };
}

/** Go's standard library: an import path whose first element has no dot ("net/http", "runtime"). */
const isGoStdlib = (module: string) => module !== 'main' && !module.split('/')[0]!.includes('.');

function matchesAny(patterns: readonly RegExp[], frame: RawFrame): boolean {
  return patterns.some(
    (p) =>
      (frame.file !== undefined && p.test(frame.file)) ||
      (frame.module !== undefined && p.test(frame.module)),
  );
}

export function isInApp(frame: RawFrame, rules: InAppRules): boolean {
  if (matchesAny(rules.include, frame)) return true;
  if (matchesAny(rules.exclude, frame)) return false;
  if (frame.file === undefined && frame.module === undefined) return false;
  if (frame.file !== undefined && DEFAULT_FILE_EXCLUDES.some((p) => p.test(frame.file!)))
    return false;
  if (frame.module !== undefined && DEFAULT_MODULE_EXCLUDES.some((p) => p.test(frame.module!))) {
    return false;
  }
  if (frame.platform === 'go' && frame.module !== undefined && isGoStdlib(frame.module))
    return false;
  // .NET's generated frames (expression trees, dynamic methods) have no place in the sources.
  if (frame.platform === 'dotnet' && /^lambda_method\d*$/.test(frame.function ?? '')) return false;
  return true;
}
