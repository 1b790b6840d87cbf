// Preloaded with `node --import`: gives the demo its default OTEL_* settings,
// then hands over to @faultline/node's register entry, which installs the ESM
// loader hook (so the `import express` in app.ts gets instrumented) and starts
// telemetry from those variables. This is how an ESM service should load it.
process.env.OTEL_SERVICE_NAME ||= 'demo-shop';
process.env.OTEL_EXPORTER_OTLP_ENDPOINT ||= 'http://127.0.0.1:4318';
// Export every second rather than every five, so errors show up quickly.
process.env.OTEL_BSP_SCHEDULE_DELAY ||= '1000';
process.env.OTEL_BLRP_SCHEDULE_DELAY ||= '1000';
// A demo has little traffic: keep every trace (the default samples 10%).
process.env.OTEL_TRACES_SAMPLER_ARG ||= '1';
process.env.OTEL_RESOURCE_ATTRIBUTES ||= 'service.version=1.4.2,deployment.environment.name=demo';

await import('@faultline/node/register');
