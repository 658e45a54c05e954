import type { Lang } from '../languages.ts';

/** The misuse and complaint report form. */
export const report = {
  'report.title': { nl: 'Iets melden', en: 'Report a problem', fr: 'Signaler un problème' },
  'report.intro': {
    nl: 'Uw melding gaat naar de vereniging en wordt nooit gepubliceerd.',
    en: 'Your report goes to the association and is never published.',
    fr: "Votre signalement est transmis à l'association et n'est jamais publié.",
  },
  'report.kind': {
    nl: 'Wat wilt u melden?',
    en: 'What do you want to report?',
    fr: 'Que voulez-vous signaler ?',
  },
  'report.kind.foreign_domain': {
    nl: 'De badge staat op een website die niet van deze organisatie is',
    en: 'The badge is used on a website that is not theirs',
    fr: "Le badge est utilisé sur un site qui n'est pas le sien",
  },
  'report.kind.broken_promise': {
    nl: 'Deze organisatie houdt zich niet aan de beloften',
    en: 'This organisation does not keep the promises',
    fr: 'Cette organisation ne respecte pas ses engagements',
  },
  'report.url': { nl: 'Adres van die website', en: 'Address of that website', fr: 'Adresse de ce site' },
  'report.urlHelp': {
    nl: 'Nodig bij een melding over de badge.',
    en: 'Needed for a report about the badge.',
    fr: 'Nécessaire pour un signalement concernant le badge.',
  },
  'report.message': { nl: 'Wat is er gebeurd?', en: 'What happened?', fr: "Que s'est-il passé ?" },
  'report.messageHelp': {
    nl: 'Nodig bij een klacht; hoogstens 4000 tekens.',
    en: 'Needed for a complaint; at most 4000 characters.',
    fr: 'Nécessaire pour une plainte ; 4000 caractères au maximum.',
  },
  'report.email': {
    nl: 'Uw e-mailadres (niet verplicht)',
    en: 'Your e-mail address (optional)',
    fr: 'Votre adresse électronique (facultatif)',
  },
  'report.emailHelp': {
    nl: 'Alleen als de vereniging u mag terugmailen.',
    en: 'Only if the association may write back to you.',
    fr: "Uniquement si l'association peut vous répondre.",
  },
  'report.honeypot': {
    nl: 'Laat dit veld leeg',
    en: 'Leave this field empty',
    fr: 'Laissez ce champ vide',
  },
  'report.submit': { nl: 'Melding versturen', en: 'Send report', fr: 'Envoyer le signalement' },
  'report.thanks': {
    nl: 'Dank u. Uw melding is ontvangen en gaat naar de vereniging.',
    en: 'Thank you. Your report has been received and goes to the association.',
    fr: "Merci. Votre signalement a été reçu et est transmis à l'association.",
  },
  'report.error': {
    nl: 'De melding is niet verstuurd. Verbeter het gemarkeerde veld.',
    en: 'The report was not sent. Please correct the marked field.',
    fr: "Le signalement n'a pas été envoyé. Corrigez le champ indiqué.",
  },
  'report.error.url': {
    nl: 'Geef het adres van de website waarop de badge staat.',
    en: 'Give the address of the website where the badge appears.',
    fr: "Indiquez l'adresse du site où figure le badge.",
  },
  'report.error.message': {
    nl: 'Beschrijf wat er gebeurde (hoogstens 4000 tekens).',
    en: 'Describe what happened (at most 4000 characters).',
    fr: "Décrivez ce qui s'est passé (4000 caractères au maximum).",
  },
  'report.error.contactEmail': {
    nl: 'Dit e-mailadres is niet geldig.',
    en: 'This e-mail address is not valid.',
    fr: "Cette adresse électronique n'est pas valide.",
  },
  'report.error.kind': {
    nl: 'Kies wat u wilt melden.',
    en: 'Choose what to report.',
    fr: 'Choisissez quoi signaler.',
  },
  'report.error.rate': {
    nl: 'U hebt veel meldingen kort na elkaar verstuurd. Probeer het over een uur opnieuw.',
    en: 'You have sent many reports in a short time. Please try again in an hour.',
    fr: 'Vous avez envoyé beaucoup de signalements en peu de temps. Réessayez dans une heure.',
  },
  'report.error.size': {
    nl: 'De melding is te groot.',
    en: 'The report is too large.',
    fr: 'Le signalement est trop volumineux.',
  },
} as const satisfies Record<string, Record<Lang, string>>;
