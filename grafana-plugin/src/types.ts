/** The app's non-secret settings, stored by Grafana in the plugin's `jsonData`. */
export type AppSettings = {
  /** Base URL of the Faultline processor, without `/api` (the proxy route appends it). */
  apiUrl?: string;
};

/** Secret settings, stored encrypted in `secureJsonData`; the browser never reads them back. */
export type AppSecureSettings = {
  /** Bearer token the plugin proxy route sends to the processor. */
  apiToken?: string;
};
