// npm leaves optional platform packages out of package-lock.json when the registry it reaches lacks
// them (here: Astro compiler bindings for macOS/Windows/ARM), and `npm ci` then refuses the lock.
// Adds them as optional entries with their os/cpu, which npm skips on other machines.
// Run after `npm install` changed dependencies: node .ci/complete-lockfile.mjs
import fs from 'node:fs';
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const platforms = {
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'wasm32-wasi': { cpu: ['wasm32'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};
const parent = lock.packages['node_modules/@astrojs/compiler-binding'];
for (const [name, version] of Object.entries(parent.optionalDependencies)) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const plat = platforms[name.replace('@astrojs/compiler-binding-', '')];
  lock.packages[key] = { version, license: 'MIT', optional: true, ...plat, engines: parent.engines };
  console.log('added', key);
}
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
