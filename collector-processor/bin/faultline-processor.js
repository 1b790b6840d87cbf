#!/usr/bin/env node
// The processor's sources are TypeScript run directly by Node's type stripping (Node ≥ 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`faultline-processor needs Node 22.18 or newer; this is ${process.version}`);
  process.exit(1);
}
const { main } = await import('../src/main.ts');
await main();
