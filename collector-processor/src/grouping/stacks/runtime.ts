/**
 * Where a frame's code comes from when the pipeline has not said (its enrich
 * stage is the authority on `in_app`). Runtime frames (the language's own
 * internals and standard library) never identify a bug; third-party frames
 * do only when no application frame exists.
 */
const RUNTIME_FILE =
  /^(?:node:|internal\/|native$|<anonymous>$|<frozen )|[\\/]lib[\\/]python\d[\d.]*[\\/](?!site-packages|dist-packages)|[\\/]jre[\\/]lib[\\/]/;
const THIRD_PARTY_FILE = /[\\/](?:node_modules|site-packages|dist-packages|vendor[\\/]bundle)[\\/]/;
const RUNTIME_MODULE = /^(?:java|javax|jdk|sun|com\.sun|kotlin|scala)\./;
const THIRD_PARTY_MODULE =
  /^(?:org\.junit|org\.springframework|org\.apache\.(?:catalina|tomcat|coyote)|io\.netty|org\.eclipse\.jetty|org\.hibernate)\./;

export function isRuntimeFile(file: string | undefined): boolean {
  return file !== undefined && RUNTIME_FILE.test(file);
}

export function isRuntimeModule(module: string | undefined): boolean {
  return module !== undefined && RUNTIME_MODULE.test(module);
}

/** Not application code: the runtime's or a dependency's. */
export function isForeign(file: string | undefined, module: string | undefined): boolean {
  return (
    isRuntimeFile(file) ||
    isRuntimeModule(module) ||
    (file !== undefined && THIRD_PARTY_FILE.test(file)) ||
    (module !== undefined && THIRD_PARTY_MODULE.test(module))
  );
}
