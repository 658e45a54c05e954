// Plain JavaScript on purpose: this must run (and explain itself) even on a Node too old for our TypeScript.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Keurmerk needs Node >= 22.12; this is ${process.version}. Run it through npm scripts ` +
      `(the pinned "node" devDependency provides Node 24) or install a newer Node.`,
  );
  process.exit(1);
}
