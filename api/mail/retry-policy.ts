/** Attempts before a message that keeps failing for passing reasons is given up (status failed). */
export const MAX_MAIL_ATTEMPTS = 8;

const BASE_MS = 60_000;
const CAP_MS = 6 * 3600_000;

/**
 * The wait after failed attempt `attempts` (1 = the first): exponential from one minute, capped at
 * six hours, with "equal jitter" (half fixed, half random) so that a mail server coming back is not
 * met by every queued message at once, while no retry comes sooner than half its step.
 * About 2 hours pass between the first attempt and the eighth.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const step = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

export interface SmtpFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/**
 * Whether retrying cannot help: the server refused the message for good (a 5xx reply, which
 * nodemailer marks `permanent`, 503 excepted). Connection failures, timeouts and 4xx replies pass.
 */
export function isPermanentFailure(error: SmtpFailure): boolean {
  if (typeof error.permanent === 'boolean') return error.permanent;
  const code = error.responseCode;
  return code !== undefined && code >= 500 && code < 600 && code !== 503;
}

/** One line for last_error: the SMTP reply when there is one, else the error's own words. */
export function describeFailure(error: SmtpFailure): string {
  if (error.responseCode !== undefined)
    return `SMTP ${error.responseCode}: ${(error.response ?? error.message ?? '').trim()}`;
  return [error.code, error.message].filter(Boolean).join(': ') || 'unknown error';
}
