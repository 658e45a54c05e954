import type { Lang } from '../i18n/ui.ts';
import type { CertificationDetail } from '../../db/organisation/page.ts';

/** What a certification's block on the organisation page, and its embed codes within it, are given. */
export interface CertificationProps {
  lang: Lang;
  cert: CertificationDetail;
  organisationName: string;
}
