// Layer rules from docs/DESIGN.md "Layout": site → api → badges → db, never upward.
// `npm run lint` runs `depcruise` with this file, so CI fails on an upward import or a cycle.
// Type-only imports count: a type from a higher layer still couples the lower layer to it.
// `.astro` files are not parsed (dependency-cruiser has no Astro compiler), which loses nothing
// the rules care about: site/ may import anything, and an import *of* site/ from a lower layer
// is still seen from the importing `.ts` file.

/** Paths a layer may not import, as one regular expression. */
const above = {
  db: '^(badges|api|site)/',
  badges: '^(api|site)/',
  api: '^site/',
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'db-imports-only-db',
      comment:
        'db/ is the bottom layer: it may import only db/ (errors.ts and vocabulary.ts live there for everyone).',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: above.db },
    },
    {
      name: 'badges-imports-badges-and-db',
      comment: 'badges/ may import only badges/ and db/.',
      severity: 'error',
      from: { path: '^badges/' },
      to: { path: above.badges },
    },
    {
      name: 'api-imports-api-badges-db',
      comment: 'api/ may import only api/, badges/ and db/; site/ sits on top of it.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: above.api },
    },
    {
      name: 'http-never-imports-handlers',
      comment:
        'api/http/ is the HTTP plumbing the handlers stand on; what both need belongs lower (badges/serve/, api/http/).',
      severity: 'error',
      from: { path: '^api/http/' },
      to: { path: '^api/handlers/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one in all but name and breaks load order.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would hide an edge from the rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // tests/ import from every layer on purpose; the rules are about the sources.
    exclude: { path: '^tests/' },
    doNotFollow: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Imports are written with their `.ts` extension (rewriteRelativeImportExtensions).
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.json', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    builtInModules: { add: ['astro:env/server', 'astro:middleware', 'astro:content'] },
  },
};
