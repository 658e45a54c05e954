import fs from 'node:fs/promises';
import path from 'node:path';
import { cacheControl, type CacheKind } from './cache-policy.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

const ICONS = new Set(['/favicon.ico', '/favicon.svg']);

function kindOf(pathname: string): CacheKind {
  if (pathname.startsWith('/_astro/')) return 'hashed-asset';
  return ICONS.has(pathname) ? 'site-icon' : 'static-file';
}

/**
 * Serves Astro's client build (dist/client): hashed assets under /_astro/ are immutable, the rest
 * revalidate hourly. Astro's middleware mode renders pages only, so these files are ours to serve.
 */
export function createStaticFiles(root: string) {
  const base = path.resolve(root);
  return async function serveStatic(pathname: string, method: string): Promise<Response | null> {
    if (method !== 'GET' && method !== 'HEAD') return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    const file = path.resolve(base, `.${decoded}`);
    if (!file.startsWith(base + path.sep) || decoded.includes('\0')) return null;
    const type = TYPES[path.extname(file)];
    if (!type) return null;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return null;
      const body = method === 'HEAD' ? null : await fs.readFile(file);
      return new Response(body, {
        headers: {
          'content-type': type,
          'content-length': String(stat.size),
          'x-content-type-options': 'nosniff',
          'cache-control': cacheControl(kindOf(decoded)),
        },
      });
    } catch {
      return null;
    }
  };
}
