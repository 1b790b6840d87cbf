// The one app this host serves; shared by the server (Node) and the page (browser bundle).
export const PLUGIN_ID = 'faultline-systemlogs-app';

/** Where Grafana mounts an app's root page; the app routes below it. */
export const APP_BASE_PATH = `/a/${PLUGIN_ID}`;
