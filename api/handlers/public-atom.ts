import type { PublicChange } from '../../db/certification/changes.ts';
import { xmlText } from '../../db/values/xml-text.ts';

export interface AtomTexts {
  lang: string;
  title: string;
  /** The visible entry title of a change. */
  entryTitle(change: PublicChange): string;
  /** Absolute URL of the organisation page of a change, in the feed's language. */
  entryLink(change: PublicChange): string;
  selfUrl: string;
  siteUrl: string;
}

// Every text, user text above all (names, reasons), goes in through xmlText: one U+FFFF would
// make the whole feed not well-formed.
const xml = xmlText;

/** An Atom 1.0 (RFC 4287) feed of public changes; ids are stable tag URIs. */
export function atomFeed(changes: PublicChange[], texts: AtomTexts, now: Date): string {
  const host = new URL(texts.siteUrl).hostname;
  const updated = (changes[0]?.occurredAt ?? now).toISOString();
  const entries = changes.map(
    (c) => `  <entry>
    <id>tag:${xml(host)},2026:change/${xml(c.id)}</id>
    <title>${xml(texts.entryTitle(c))}</title>
    <link rel="alternate" type="text/html" href="${xml(texts.entryLink(c))}"/>
    <updated>${c.occurredAt.toISOString()}</updated>
    <author><name>${xml(texts.title)}</name></author>
    <category term="${xml(c.kind)}"/>
    <summary>${xml(c.reason ? `${texts.entryTitle(c)} — ${c.reason}` : texts.entryTitle(c))}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(texts.lang)}">
  <id>${xml(texts.selfUrl)}</id>
  <title>${xml(texts.title)}</title>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(texts.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xml(texts.siteUrl)}"/>
  <rights>CC BY 4.0</rights>
${entries.join('\n')}
</feed>
`;
}
