import { useState, type ChangeEvent, type FormEvent } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, Field, FieldSet, Input, SecretInput, useStyles2 } from '@grafana/ui';
import { describeApiError } from '../../services/apiError.ts';
import { normalizeApiUrl, savePluginSettings } from '../../services/pluginSettings.ts';
import type { AppSettings } from '../../types.ts';
import { testIds } from '../testIds.ts';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

interface FormState {
  apiUrl: string;
  /** A newly typed token; empty while the stored one is kept. */
  apiToken: string;
  /** Grafana only tells whether a secret is stored, never its value. */
  isApiTokenSet: boolean;
}

/** Where the processor is and which token the proxy route sends it. */
export default function AppConfig({ plugin }: AppConfigProps) {
  const s = useStyles2(getStyles);
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [form, setForm] = useState<FormState>({
    apiUrl: jsonData?.apiUrl ?? '',
    apiToken: '',
    isApiTokenSet: Boolean(secureJsonFields?.apiToken),
  });
  const [saveError, setSaveError] = useState<string>();

  const apiUrl = normalizeApiUrl(form.apiUrl);
  const urlInvalid = form.apiUrl.trim() !== '' && apiUrl === undefined;
  const canSave = apiUrl !== undefined && (form.isApiTokenSet || form.apiToken.trim() !== '');

  const onChange = (e: ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [e.target.name]: e.target.value });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSave) return;
    setSaveError(undefined);
    try {
      await savePluginSettings(plugin.meta.id, {
        enabled: Boolean(enabled),
        pinned: Boolean(pinned),
        jsonData: { ...jsonData, apiUrl },
        // Sent only when changed, so saving the URL alone keeps the stored token.
        secureJsonData: form.isApiTokenSet ? undefined : { apiToken: form.apiToken.trim() },
      });
      // Grafana hands plugins their settings at load time; a reload picks up the new ones.
      window.location.reload();
    } catch (error) {
      setSaveError(describeApiError(error));
    }
  };

  return (
    <form onSubmit={onSubmit} data-testid={testIds.appConfig.container}>
      <FieldSet label="Faultline processor">
        <Field
          label="API URL"
          description="Base URL of the processor's REST API, without /api (for example http://faultline-processor:8080)"
          invalid={urlInvalid}
          error={urlInvalid ? 'Enter an http:// or https:// URL' : undefined}
        >
          <Input
            width={60}
            id="faultline-api-url"
            name="apiUrl"
            data-testid={testIds.appConfig.apiUrl}
            value={form.apiUrl}
            placeholder="http://faultline-processor:8080"
            onChange={onChange}
          />
        </Field>

        <Field
          label="API token"
          description="Bearer token of a processor user; Grafana stores it encrypted and adds it to proxied requests"
          className={s.marginTop}
        >
          <SecretInput
            width={60}
            id="faultline-api-token"
            name="apiToken"
            data-testid={testIds.appConfig.apiToken}
            value={form.apiToken}
            isConfigured={form.isApiTokenSet}
            placeholder="Processor API token"
            onChange={onChange}
            onReset={() => setForm({ ...form, apiToken: '', isApiTokenSet: false })}
          />
        </Field>

        {saveError && (
          <Alert
            severity="error"
            title="Settings were not saved"
            data-testid={testIds.appConfig.error}
          >
            {saveError}
          </Alert>
        )}

        <div className={s.marginTop}>
          <Button type="submit" data-testid={testIds.appConfig.submit} disabled={!canSave}>
            Save settings
          </Button>
        </div>
      </FieldSet>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  marginTop: css({ marginTop: theme.spacing(3) }),
});
