// Grafana renders a route's `url` and header `content` as Go templates over the app's
// settings: `{{ .JsonData.apiUrl }}`, `{{ .SecureJsonData.apiToken }}`. Plugins use plain
// field references, which is all this supports; anything else is an error, not a guess.

export type TemplateData = {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
};

const ACTION = /\{\{\s*(.*?)\s*\}\}/g;
const FIELD = /^\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)$/;

export function renderRouteTemplate(template: string, data: TemplateData): string {
  return template.replace(ACTION, (_whole, action: string) => {
    const field = FIELD.exec(action);
    if (!field) throw new Error(`unsupported template action {{ ${action} }} in "${template}"`);
    const [, scope, key] = field as unknown as [string, keyof TemplateData, string];
    const value = data[scope][key];
    // Go's template prints a missing map key as "<no value>"; an empty string is kinder to URLs
    // and headers and fails just as visibly at the upstream.
    return value === undefined || value === null ? '' : String(value);
  });
}
