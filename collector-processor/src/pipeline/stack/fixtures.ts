import { readFileSync } from 'node:fs';

/** One section (`----- name`) of a fixture file in ../__fixtures__/stacks/, for tests. */
export function stackFixture(file: string, section?: string): string {
  const text = readFileSync(new URL(`../__fixtures__/stacks/${file}`, import.meta.url), 'utf8');
  if (section === undefined) return text;
  const parts = text.split(/^----- (.+)\n/m);
  const at = parts.indexOf(section);
  if (at < 0) throw new Error(`no section ${section} in ${file}`);
  return parts[at + 1]!;
}
