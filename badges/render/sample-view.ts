import type { BadgeView } from './badge-view.ts';

/**
 * The typical badge: an active certification of an organisation with an ordinary name, in Dutch,
 * light, medium. The benchmark, the preview sheets and the golden tests all start from this one
 * view, so a figure in one can be compared with a picture in another.
 */
export const SAMPLE_BADGE_VIEW: Readonly<BadgeView> = {
  organisationName: 'Klantcontact Nederland B.V.',
  schemeName: 'KSF service promises',
  state: 'active',
  validUntil: new Date('2027-01-01T00:00:00Z'),
  registryHost: 'keurmerk.example',
  lang: 'nl',
  theme: 'light',
  size: 'm',
};
