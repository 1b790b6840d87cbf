/// <reference types="systemjs" />
// Imported after shared-modules.ts on purpose: the AMD extra installs a global `define`,
// and UMD code that runs after that (lodash, for one) would register itself with SystemJS
// instead of filling its CommonJS exports. Grafana guards against the same collision.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';

// Grafana registers each shared module under a URL-like id and maps the bare name to it,
// because SystemJS's registry only takes URLs.
const SHARED_DEPENDENCY_PREFIX = 'package';

export function registerSharedModules(modules: Record<string, System.Module>): void {
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(modules)) {
    const id = `${SHARED_DEPENDENCY_PREFIX}:${name}`;
    System.set(id, module);
    imports[name] = id;
  }
  System.addImportMap({ imports });
}

/** Loads an AMD (or System.register) module by URL; its `define` deps resolve to shared modules. */
export function importModule(url: string): Promise<System.Module> {
  return System.import(url);
}
