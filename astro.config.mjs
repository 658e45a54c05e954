// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  srcDir: './site',
  // Files served as they are (the favicons) live with the site, not in a sixth top-level folder.
  publicDir: './site/public',
  output: 'server',
  // Middleware mode: our node:http server (api/server.ts) owns the socket and hands pages to Astro.
  adapter: node({ mode: 'middleware' }),
  i18n: {
    locales: ['nl', 'en', 'fr'],
    defaultLocale: 'nl',
    routing: { prefixDefaultLocale: false },
  },
  security: { checkOrigin: true },
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  vite: {
    // The server-side libraries stay in node_modules; the built app imports them at run time.
    ssr: { external: ['@electric-sql/pglite', 'pg', 'sharp', 'satori'] },
  },
});
