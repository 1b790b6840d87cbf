// Preloaded by profile.mjs: SIGUSR2 starts the CPU profiler, the next SIGUSR2
// stops it and writes the profile to PROFILE_OUT, so that start-up and
// warm-up are left out.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 200 });
    session.post('Profiler.start');
    running = true;
    return;
  }
  session.post('Profiler.stop', (error, { profile }) => {
    if (!error) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    process.stdout.write('PROFILED\n');
  });
  running = false;
});
