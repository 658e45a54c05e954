import type { AstroGlobal } from 'astro';
import type { Operation } from '../../../api/admin/perform.ts';
import { chooseNotificationsOp } from '../../../api/member/notification-ops.ts';
import type { Lang } from '../../i18n/ui.ts';
import { portalAction } from './domain-actions.ts';

/** The notifications page's one form: the member's own choice (any member may make it). */
export const NOTIFICATION_ACTIONS: Readonly<Record<string, Operation<unknown, any>>> = {
  choose: chooseNotificationsOp,
};

export const notificationAction = (astro: AstroGlobal, lang: Lang, organisation: string) =>
  portalAction(astro, lang, organisation, NOTIFICATION_ACTIONS, ['statusChanges', 'digest']);
