import type { APIRoute } from 'astro';
import { localised, localisedPath, t } from '../../i18n/ui.ts';
import { pageLang } from '../../lib/page-lang.ts';
import { listChanges } from '../../../db/certification/changes.ts';
import { atomFeed } from '../../../api/handlers/public-atom.ts';
import { cacheControl } from '../../../api/http/cache-policy.ts';
import { publicReader } from '../../../api/http/read-floor.ts';

/** GET /changes.atom, /en/changes.atom, /fr/changes.atom — the newest 50 public changes. */
export const GET: APIRoute = async ({ params, locals, request }) => {
  const lang = pageLang(params.lang);
  if (!lang) return new Response('Not found', { status: 404 });
  const { deps } = locals;
  const origin = deps.config.publicUrl;
  const { changes } = await listChanges(
    publicReader(request, deps),
    { kind: null, scheme: null, cursor: null, limit: 50 },
    deps.now(),
  );
  const body = atomFeed(
    changes,
    {
      lang,
      title: `${t(lang, 'site.name')} — ${t(lang, 'changes.title')}`,
      entryTitle: (c) =>
        c.organisationName === null
          ? t(lang, 'changes.schemeEntry', {
              scheme: localised(lang, c.schemeName),
              version: c.schemeVersion ?? '',
            })
          : t(lang, 'changes.entry', {
              org: c.organisationName,
              scheme: localised(lang, c.schemeName),
              kind: t(lang, `event.${c.kind}`),
            }),
      entryLink: (c) =>
        `${origin}${localisedPath(c.organisationSlug === null ? `/schemes/${c.schemeSlug}` : `/organisations/${c.organisationSlug}`, lang)}`,
      selfUrl: `${origin}${localisedPath('/changes.atom', lang)}`,
      siteUrl: `${origin}${localisedPath('/changes', lang)}`,
    },
    deps.now(),
  );
  return new Response(body, {
    headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': cacheControl('feed') },
  });
};
