import { join } from 'node:path';
import { packageDir } from './paths.ts';

// GlobalStyles (@grafana/ui) declares Inter and Roboto Mono at public/fonts/, files Grafana
// serves but no npm package of Grafana ships. The same faces come from @fontsource (latin
// subset), so pages render in Grafana's type, without 404s in the console.

const INTER = /^inter\/Inter-(Regular|Medium|Italic|MediumItalic)\.woff2$/;
const ROBOTO_MONO = /^roboto\/[\w-]+\.woff2$/;

/** The file for a path below /public/fonts/, or undefined for a font Grafana does not use. */
export function grafanaFontFile(relativePath: string): string | undefined {
  const inter = INTER.exec(relativePath);
  if (inter) {
    const face = inter[1]!;
    const weight = face.startsWith('Medium') ? 500 : 400;
    const style = face.endsWith('Italic') ? 'italic' : 'normal';
    return join(packageDir('@fontsource/inter'), 'files', `inter-latin-${weight}-${style}.woff2`);
  }
  if (ROBOTO_MONO.test(relativePath)) {
    // Grafana points both weights at one variable file; the 400 face stands in for it.
    return join(
      packageDir('@fontsource/roboto-mono'),
      'files',
      'roboto-mono-latin-400-normal.woff2',
    );
  }
  return undefined;
}
