import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// docker-compose.yml and provisioning/ are run by users, not by CI (no Docker
// engine here); these checks keep them valid and pointing at real files.
const repo = resolve(import.meta.dirname, '../..');
const readYaml = (path: string) => parse(readFileSync(join(repo, path), 'utf8'));

type Service = { volumes?: string[]; command?: string[]; image?: string };
const compose = readYaml('docker-compose.yml') as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('names the real stack', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['elasticsearch', 'grafana', 'processor', 'demo']),
    );
  });

  it('bind-mounts only folders of the repository that exist (dist/ is built)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.')) continue; // a named volume
        const path = join(repo, source);
        const built = source.includes('/dist');
        expect(built || existsSync(path), `${name}: ${source} does not exist`).toBe(true);
      }
    }
  });

  it('starts the processor from its bin file', () => {
    const file = compose.services.processor?.command?.[1];
    expect(file && existsSync(join(repo, file)), `missing ${file}`).toBe(true);
  });

  it('runs the demo through an npm script that exists', () => {
    const [, , script, , workspace] = compose.services.demo?.command ?? [];
    const pkg = JSON.parse(readFileSync(join(repo, 'node-instrumentation/package.json'), 'utf8'));
    expect(workspace).toBe(pkg.name);
    expect(pkg.scripts?.[script!], `no "${script}" script in ${pkg.name}`).toBeTruthy();
  });
});

describe('provisioning/', () => {
  const pluginId = JSON.parse(
    readFileSync(join(repo, 'grafana-plugin/src/plugin.json'), 'utf8'),
  ).id;

  it('enables the app under its plugin id', () => {
    const apps = readYaml('provisioning/plugins/faultline.yaml').apps;
    expect(apps.map((a: { type: string }) => a.type)).toContain(pluginId);
  });

  it('gives every dashboard a datasource that is provisioned', () => {
    const uids = readYaml('provisioning/datasources/elasticsearch.yaml').datasources.map(
      (d: { uid: string }) => d.uid,
    );
    const folder = join(repo, 'provisioning/dashboards/faultline');
    const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const dashboard = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      for (const panel of dashboard.panels) {
        expect(uids, `${file}: panel "${panel.title}"`).toContain(panel.datasource.uid);
      }
    }
  });
});
