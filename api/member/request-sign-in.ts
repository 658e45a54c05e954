import type { Deps } from '../app/deps.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { memberByEmail, memberEmail } from '../../db/member/users.ts';
import { pruneTokens, recentTokenCounts, storeToken } from '../../db/member/tokens.ts';
import { enqueueMail } from '../../db/mail/outbox.ts';
import { clientNetwork } from '../../db/values/client-network.ts';
import type { Language } from '../../db/vocabulary.ts';
import { secretHash } from '../auth/secrets.ts';
import { linkUrl, newLinkToken, registryHost } from './links.ts';

/** Sign-in links one address may be sent, and one client network may ask for, per window. */
export const SIGN_IN_LINK_LIMITS = { perAddress: 3, perNetwork: 10, windowMs: 15 * 60_000 } as const;

/**
 * Sends a sign-in link to a member's address. The answer is the same whether or not the address
 * belongs to a member: a request for an unknown address is stored and counted like any other (so
 * the limits say nothing either), only no mail leaves. Refused with `rate_limited` beyond the
 * limits, per address (a mailbox is not flooded) and per client network (no one sprays addresses).
 */
export async function requestSignInLink(
  deps: Deps,
  request: { email: unknown; language: Language; clientAddress: string | null },
): Promise<void> {
  const email = memberEmail(request.email);
  const network = clientNetwork(request.clientAddress ?? 'unknown');
  const now = deps.now();
  await inTransaction(deps.database.db, async (trx) => {
    const counts = await recentTokenCounts(
      trx,
      'sign_in',
      { email, clientNetwork: network },
      new Date(now.getTime() - SIGN_IN_LINK_LIMITS.windowMs),
    );
    if (counts.email >= SIGN_IN_LINK_LIMITS.perAddress || counts.network >= SIGN_IN_LINK_LIMITS.perNetwork)
      throw new KeurmerkError('rate_limited', 'Too many sign-in links asked for; try again in 15 minutes.', {
        retryAfter: Math.ceil(SIGN_IN_LINK_LIMITS.windowMs / 1000),
      });
    await pruneTokens(trx, now);
    const member = await memberByEmail(trx, email);
    const token = newLinkToken();
    await storeToken(
      trx,
      {
        token_hash: secretHash(token),
        purpose: 'sign_in',
        email,
        member_user_id: member?.id ?? null,
        client_network: network,
      },
      now,
    );
    if (!member) return;
    // The member's own language, not the form's: the mail reads as all their other mail does.
    await enqueueMail(
      trx,
      {
        to: member.email,
        language: member.language,
        template: 'member_sign_in',
        params: { name: member.name },
        secretParams: { link: linkUrl(deps.config.publicUrl, member.language, token) },
      },
      registryHost(deps.config.publicUrl),
      now,
    );
  });
}
