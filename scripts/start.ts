import { spawn, spawnSync } from 'node:child_process';
import { findElectron } from './electron-binary';

/**
 * `npm start`: build, then open the Electron window; where Electron cannot run
 * here, say so in one line and serve the same build as the browser preview.
 */
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('The build failed; see the messages above.');
  process.exit(build.status ?? 1);
}

const electron = findElectron({ download: true });
const child = electron.available
  ? spawn(electron.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
  : (console.log(`Electron cannot run here (${electron.reason}); starting the browser preview instead.`),
    spawn(process.execPath, ['out/main/preview.js', ...process.argv.slice(2)], { stdio: 'inherit' }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
