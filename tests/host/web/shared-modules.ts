// The modules Grafana hands to plugins instead of letting them bundle their own copies
// (Grafana's app/features/plugins/loader/sharedDependencies.ts), limited to the ones
// installed here. A plugin's AMD `define([...])` may only name these; anything else it
// must bundle, exactly as in Grafana, so a plugin that passes here also loads there.
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import i18next from 'i18next';
import lodash from 'lodash';
import moment from 'moment';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactRouter from 'react-router';
import * as reactRouterDom from 'react-router-dom';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

type SharedModule = Record<string, unknown>;

/**
 * `__useDefault` tells SystemJS's AMD extra to hand the module's `default` to `define`'s
 * factory instead of the namespace: Grafana does this for packages whose default export
 * is the whole API (lodash, moment, the i18next instance).
 */
const asDefault = (value: unknown): SharedModule => ({ default: value, __useDefault: true });

// Grafana also exposes the plugin base classes on @grafana/ui for plugins written before
// they moved to @grafana/data.
const grafanaUiWithPluginClasses: SharedModule = {
  ...grafanaUi,
  AppPlugin: grafanaData.AppPlugin,
  PanelPlugin: grafanaData.PanelPlugin,
  DataSourcePlugin: grafanaData.DataSourcePlugin,
  DataSourceApi: grafanaData.DataSourceApi,
};

export const sharedModules: Record<string, SharedModule> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUiWithPluginClasses,
  emotion: emotionCss,
  // The instance @grafana/i18n translates with (one copy: the bundle dedupes i18next).
  i18next: asDefault(i18next),
  lodash: asDefault(lodash),
  moment: asDefault(moment),
  react,
  'react-dom': reactDom,
  'react-router': reactRouter,
  'react-router-dom': reactRouterDom,
  rxjs,
  'rxjs/operators': rxjsOperators,
};
