import type { MailTemplate } from '../template.ts';
import { memberMail, param, ROLE_NAMES } from './member-mail.ts';

/** An invitation into an organisation (7 days); the link itself is a secret parameter. */
export const memberInvitation: MailTemplate = {
  name: 'member_invitation',
  render(params, secrets, context) {
    const org = param(params, 'organisation');
    const by = param(params, 'invitedBy');
    const role = ROLE_NAMES[context.language][param(params, 'role')] ?? param(params, 'role');
    const url = param(secrets, 'link');
    const host = context.registryHost;
    switch (context.language) {
      case 'nl':
        return memberMail(
          context,
          `Uitnodiging voor ${org} op ${host}`,
          ['Goedendag,', `${by} nodigt u uit als ${role} van ${org} in het Keurmerk-register op ${host}.`],
          {
            label: 'Uitnodiging bekijken',
            url,
            after:
              'De uitnodiging geldt 7 dagen en één keer. Verwachtte u haar niet? Dan kunt u dit bericht negeren.',
          },
        );
      case 'en':
        return memberMail(
          context,
          `Invitation to ${org} at ${host}`,
          ['Hello,', `${by} invites you as ${role} of ${org} in the Keurmerk registry at ${host}.`],
          {
            label: 'See the invitation',
            url,
            after:
              'The invitation is valid once, for 7 days. If you did not expect it, you can ignore this message.',
          },
        );
      case 'fr':
        return memberMail(
          context,
          `Invitation pour ${org} sur ${host}`,
          ['Bonjour,', `${by} vous invite comme ${role} de ${org} dans le registre Keurmerk sur ${host}.`],
          {
            label: "Voir l'invitation",
            url,
            after:
              "L'invitation est valable une fois, pendant 7 jours. Si vous ne l'attendiez pas, ignorez ce message.",
          },
        );
    }
  },
};
