import type { MailTemplate } from '../template.ts';
import { memberMail, param } from './member-mail.ts';

/** A one-time sign-in link (15 minutes); the link itself is a secret parameter. */
export const memberSignIn: MailTemplate = {
  name: 'member_sign_in',
  render(params, secrets, context) {
    const name = param(params, 'name');
    const url = param(secrets, 'link');
    const host = context.registryHost;
    switch (context.language) {
      case 'nl':
        return memberMail(
          context,
          `Aanmelden bij ${host}`,
          [`Beste ${name},`, `U vroeg om een link om u aan te melden bij ${host}.`],
          {
            label: 'Aanmelden',
            url,
            after:
              'De link werkt 15 minuten en één keer. Vroeg u er niet om? Dan kunt u dit bericht negeren.',
          },
        );
      case 'en':
        return memberMail(
          context,
          `Sign in to ${host}`,
          [`Dear ${name},`, `You asked for a link to sign in to ${host}.`],
          {
            label: 'Sign in',
            url,
            after:
              'The link works once, for 15 minutes. If you did not ask for it, you can ignore this message.',
          },
        );
      case 'fr':
        return memberMail(
          context,
          `Connexion à ${host}`,
          [`Bonjour ${name},`, `Vous avez demandé un lien pour vous connecter à ${host}.`],
          {
            label: 'Se connecter',
            url,
            after:
              "Le lien fonctionne une fois, pendant 15 minutes. Si vous ne l'avez pas demandé, ignorez ce message.",
          },
        );
    }
  },
};
