import type { Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { ResolvedConfig } from './config.ts';
import type { OtelModules } from './otel-modules.ts';

// Still "incubating" in the semantic conventions package, whose guidance is to
// copy such names rather than import its unstable entry point.
const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';

/** The attributes the options set explicitly. */
export function explicitResourceAttributes(config: ResolvedConfig): Record<string, string> {
  const explicit: Record<string, string> = {};
  if (config.serviceName !== undefined) explicit[ATTR_SERVICE_NAME] = config.serviceName;
  if (config.serviceVersion !== undefined) explicit[ATTR_SERVICE_VERSION] = config.serviceVersion;
  if (config.environment !== undefined)
    explicit[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] = config.environment;
  return explicit;
}

/**
 * Detected attributes (host, process, OTEL_RESOURCE_ATTRIBUTES) first, then
 * the explicit options on top: what the code says wins over what was guessed.
 */
export function buildResource(
  resources: OtelModules['resources'],
  config: ResolvedConfig,
): Resource {
  const detected = resources.detectResources({
    detectors: [
      resources.envDetector,
      resources.hostDetector,
      resources.processDetector,
      resources.serviceInstanceIdDetector,
    ],
  });
  return resources
    .defaultResource()
    .merge(detected)
    .merge(resources.resourceFromAttributes(explicitResourceAttributes(config)));
}
