// Plain JavaScript on purpose: this must run (and explain itself) even on a Node too old for our TypeScript.
// Every npm script runs it first. npm puts node_modules/.bin first on PATH, so the pinned `node`
// devDependency (Node 24) runs the scripts even where the system Node (which runs npm itself, and
// warned about engines during `npm install`) is older.
// KEURMERK_CHECK_NODE_VERSION stands in for the running version (tests simulate an old Node with it).
const version = process.env.KEURMERK_CHECK_NODE_VERSION || process.version;
const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
if (!(major > 22 || (major === 22 && minor >= 12))) {
  console.error(
    `Keurmerk needs Node >= 22.12; this is ${version}. Run it through npm scripts ` +
      `(the pinned "node" devDependency provides Node 24 once "npm install" has run) or install a newer Node.`,
  );
  process.exit(1);
}
// Said once per command that people start (build runs first in start, demo and test), not before
// every script: `npm run verify -- --json` must print JSON only.
if (process.argv.includes('--announce')) {
  console.log(`Keurmerk runs on Node ${version} (pinned by the node devDependency).`);
}
