/**
 * Reads an edge's access log: what a badge request looked like when the edge answered it from its
 * cache and the registry never saw it. Two forms, told apart per line:
 *  - the NCSA combined format, which varnishncsa writes by default and nginx calls `combined`:
 *    `%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i"`;
 *  - a JSON object per line, as CDNs push logs (Cloudflare Logpush field names, or short ones).
 * Client addresses are never read out of either: only path, Referer and time leave this module.
 */
export interface EdgeLogLine {
  /** The request path with its query, e.g. `/badges/ABC.svg?theme=dark`. */
  readonly path: string;
  readonly referer: string | null;
  readonly time: Date;
}

export type ParsedLogLine = { ok: true; line: EdgeLogLine } | { ok: false; reason: string };

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
// host ident user [time] "request" status bytes "referer" ("user agent")?
const COMBINED = new RegExp(
  `^\\S+ \\S+ \\S+ \\[([^\\]]+)\\] ${QUOTED} (\\d{3}) \\S+ ${QUOTED}(?: ${QUOTED})?`,
);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLF_TIME = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/** `03/Dec/2026:11:42:46 +0100`, the combined format's time, or null. */
function clfTime(raw: string): Date | null {
  const m = CLF_TIME.exec(raw);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!);
  if (month < 0) return null;
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const time = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** Undoes the escapes varnishncsa (`\"`, `\\`) and nginx (`\x22`) write inside quoted fields. */
function unescape(raw: string): string {
  return raw.replace(/\\x([0-9A-Fa-f]{2})|\\(.)/g, (_, hex: string | undefined, char: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : char!,
  );
}

/** The path of a request target: `/x?y`, or the path of `http://host/x?y` (varnishncsa's %r). */
function pathOf(target: string): string | null {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}

function parseCombined(text: string): ParsedLogLine {
  const m = COMBINED.exec(text);
  if (!m) return { ok: false, reason: 'not the combined log format' };
  const time = clfTime(m[1]!);
  if (!time) return { ok: false, reason: `unreadable time "${m[1]!.slice(0, 40)}"` };
  const request = unescape(m[2]!).split(' ');
  const path = request.length >= 2 ? pathOf(request[1]!) : null;
  if (!path) return { ok: false, reason: 'unreadable request line' };
  const referer = unescape(m[4]!);
  return { ok: true, line: { path, referer: referer === '-' || referer === '' ? null : referer, time } };
}

// Field names, ours first, then what Cloudflare Logpush and common Fastly/nginx JSON formats use.
const PATH_FIELDS = ['path', 'url', 'uri', 'request_uri', 'ClientRequestURI', 'ClientRequestPath'];
const REFERER_FIELDS = ['referer', 'referrer', 'http_referer', 'ClientRequestReferer'];
const TIME_FIELDS = ['time', 'timestamp', 'EdgeStartTimestamp'];

function field(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) if (record[name] !== undefined && record[name] !== null) return record[name];
  return undefined;
}

/** A time as RFC 3339 text or a Unix timestamp in seconds, milliseconds or nanoseconds. */
function jsonTime(value: unknown): Date | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const time = new Date(value);
    return Number.isNaN(time.getTime()) ? null : time;
  }
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n <= 0) return null;
  // Seconds until the year 5138, milliseconds until then, nanoseconds beyond.
  const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n / 1e6;
  return new Date(Math.floor(ms));
}

function parseJson(text: string): ParsedLogLine {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return { ok: false, reason: 'not a JSON object' };
  const fields = record as Record<string, unknown>;
  const rawPath = field(fields, PATH_FIELDS);
  const path = typeof rawPath === 'string' ? pathOf(rawPath) : null;
  if (!path) return { ok: false, reason: `no request path (one of ${PATH_FIELDS.join(', ')})` };
  const rawReferer = field(fields, REFERER_FIELDS);
  if (rawReferer !== undefined && typeof rawReferer !== 'string')
    return { ok: false, reason: 'the referer is not text' };
  const time = jsonTime(field(fields, TIME_FIELDS));
  if (!time) return { ok: false, reason: `no readable time (one of ${TIME_FIELDS.join(', ')})` };
  const referer = rawReferer === undefined || rawReferer === '' || rawReferer === '-' ? null : rawReferer;
  return { ok: true, line: { path, referer, time } };
}

/** One line of an edge log, in either form. */
export function parseLogLine(text: string): ParsedLogLine {
  return text.trimStart().startsWith('{') ? parseJson(text) : parseCombined(text);
}
