import type { AstroGlobal } from 'astro';
import type { Operation } from '../../../api/admin/perform.ts';
import { claimSightingOp, reportSightingOp } from '../../../api/member/sighting-ops.ts';
import type { Lang } from '../../i18n/ui.ts';
import { portalAction } from './domain-actions.ts';

/** Every owner action of the sightings page. */
export const SIGHTING_ACTIONS: Readonly<Record<string, Operation<unknown, any>>> = {
  ours: claimSightingOp,
  report: reportSightingOp,
};

export const sightingAction = (astro: AstroGlobal, lang: Lang, organisation: string) =>
  portalAction(astro, lang, organisation, SIGHTING_ACTIONS, ['sighting', 'note']);
