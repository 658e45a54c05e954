/** The member portal's remediation answers and objections (issue 18, wf-member), nl/en/fr. */
export const objection = {
  // Private events, shown only to the organisation's own members (their certification's history).
  'event.refused': { nl: 'afgewezen', en: 'refused', fr: 'refusée' },
  'event.reopened_after_objection': {
    nl: 'opnieuw in behandeling na bezwaar',
    en: 'back in review after objection',
    fr: 'réexaminée après objection',
  },
  'case.outcome.reinstated': { nl: 'Hersteld', en: 'Reinstated', fr: 'Rétablie' },
  'case.outcome.revoked': { nl: 'Ingetrokken', en: 'Revoked', fr: 'Révoquée' },
  'case.outcome.upheld': { nl: 'Gegrond', en: 'Upheld', fr: 'Fondée' },
  'case.outcome.rejected': { nl: 'Ongegrond', en: 'Rejected', fr: 'Non fondée' },

  'remediation.title': { nl: 'Herstel: {scheme}', en: 'Remediation: {scheme}', fr: 'Remédiation : {scheme}' },
  'remediation.intro': {
    nl: 'Uw certificering is geschorst met bevindingen die u moet herstellen. Leg per bevinding uit wat u hebt veranderd en voeg bewijsstukken toe; dien daarna alles in. De vereniging besluit dan over herstel of intrekking.',
    en: 'Your certification is suspended with findings you must remedy. For each finding, explain what you changed and add evidence files; then submit everything. The association then decides to reinstate or revoke.',
    fr: 'Votre certification est suspendue avec des constats à corriger. Pour chaque constat, expliquez ce que vous avez changé et ajoutez des pièces justificatives ; puis soumettez le tout. L’association décide ensuite de rétablir ou de révoquer.',
  },
  'remediation.deadline': {
    nl: 'Hersteltermijn: uiterlijk {date}.',
    en: 'Remediation deadline: {date}.',
    fr: 'Délai de remédiation : au plus tard le {date}.',
  },
  'remediation.deadlinePassed': {
    nl: 'De hersteltermijn is verstreken op {date}. U kunt nog indienen zolang de vereniging niet heeft besloten, maar zij mag nu ook zonder uw antwoord beslissen.',
    en: 'The remediation deadline passed on {date}. You can still submit until the association decides, but it may now decide without your answer.',
    fr: 'Le délai de remédiation a expiré le {date}. Vous pouvez encore soumettre tant que l’association n’a pas décidé, mais elle peut désormais décider sans votre réponse.',
  },
  'remediation.findings': { nl: 'Bevindingen', en: 'Findings', fr: 'Constats' },
  'remediation.corrective': {
    nl: 'Wat hebt u veranderd?',
    en: 'What did you change?',
    fr: 'Qu’avez-vous changé ?',
  },
  'remediation.correctiveHelp': {
    nl: 'Verplicht bij een verplichte bevinding; hoogstens 8.000 tekens.',
    en: 'Required for a mandatory finding; at most 8,000 characters.',
    fr: 'Obligatoire pour un constat obligatoire ; 8 000 caractères au plus.',
  },
  'remediation.evidence': {
    nl: 'Bewijsstukken toevoegen of bekijken (eerst uw toelichting bewaren)',
    en: 'Add or view evidence files (save your explanations first)',
    fr: 'Ajouter ou consulter des pièces (enregistrez d’abord vos explications)',
  },
  'remediation.save': { nl: 'Concept bewaren', en: 'Save as draft', fr: 'Enregistrer le brouillon' },
  'remediation.submit': {
    nl: 'Herstel indienen',
    en: 'Submit the remediation',
    fr: 'Soumettre la remédiation',
  },
  'remediation.saved': {
    nl: 'Toelichting bewaard.',
    en: 'Explanations saved.',
    fr: 'Explications enregistrées.',
  },
  'remediation.submitted': {
    nl: 'Herstel ingediend. De vereniging beoordeelt het nu.',
    en: 'Remediation submitted. The association now reviews it.',
    fr: 'Remédiation soumise. L’association l’examine maintenant.',
  },
  'remediation.readOnly': {
    nl: 'Uw herstel ligt bij de vereniging; u kunt het nu niet wijzigen.',
    en: 'Your remediation is with the association; you cannot change it now.',
    fr: 'Votre remédiation est entre les mains de l’association ; vous ne pouvez plus la modifier.',
  },
  'remediation.notAnswered': { nl: 'Niet toegelicht.', en: 'Not explained.', fr: 'Sans explication.' },

  'objection.title': { nl: 'Bezwaar: {scheme}', en: 'Objection: {scheme}', fr: 'Objection : {scheme}' },
  'objection.make': { nl: 'Bezwaar maken', en: 'Object to this decision', fr: 'Former une objection' },
  'objection.kind.suspended': { nl: 'de schorsing', en: 'the suspension', fr: 'la suspension' },
  'objection.kind.revoked': { nl: 'de intrekking', en: 'the revocation', fr: 'la révocation' },
  'objection.kind.refused': { nl: 'de afwijzing', en: 'the refusal', fr: 'le refus' },
  'objection.open': {
    nl: 'U kunt tot en met {until} bezwaar maken tegen {decision} van {date}. Een andere medewerker dan wie het besluit nam, beslist over uw bezwaar.',
    en: 'You can object to {decision} of {date} until {until}. A staff member other than the one who took the decision decides your objection.',
    fr: 'Vous pouvez contester {decision} du {date} jusqu’au {until}. Un autre membre du personnel que l’auteur de la décision tranche votre objection.',
  },
  'objection.passed': {
    nl: 'De bezwaartermijn van {days} dagen na {decision} van {date} is verstreken op {until}. Bezwaar is niet meer mogelijk.',
    en: 'The objection period of {days} days after {decision} of {date} ended on {until}. An objection is no longer possible.',
    fr: 'Le délai d’objection de {days} jours après {decision} du {date} a pris fin le {until}. Une objection n’est plus possible.',
  },
  'objection.already': {
    nl: 'Tegen {decision} van {date} is al bezwaar gemaakt.',
    en: 'An objection to {decision} of {date} has already been made.',
    fr: 'Une objection contre {decision} du {date} a déjà été formée.',
  },
  'objection.alreadyLink': {
    nl: 'Naar het bezwaar (dossier {id})',
    en: 'Go to the objection (case {id})',
    fr: 'Voir l’objection (dossier {id})',
  },
  'objection.none': {
    nl: 'Er is geen besluit waartegen u bezwaar kunt maken. Bezwaar kan tegen een schorsing of intrekking van een certificering, en tegen de afwijzing van een aanvraag.',
    en: 'There is no decision you can object to. An objection is possible against the suspension or revocation of a certification, and against the refusal of an application.',
    fr: 'Il n’y a aucune décision que vous puissiez contester. Une objection est possible contre la suspension ou la révocation d’une certification, et contre le refus d’une demande.',
  },
  'objection.reasons': { nl: 'Uw redenen', en: 'Your reasons', fr: 'Vos motifs' },
  'objection.reasonsHelp': {
    nl: 'Verplicht; hoogstens 8.000 tekens. Na het indienen voegt u op de pagina van het bezwaar bestanden toe (PDF, PNG, JPEG).',
    en: 'Required; at most 8,000 characters. After submitting, you add files (PDF, PNG, JPEG) on the objection’s page.',
    fr: 'Obligatoire ; 8 000 caractères au plus. Après l’envoi, vous ajoutez des fichiers (PDF, PNG, JPEG) sur la page de l’objection.',
  },
  'objection.submit': { nl: 'Bezwaar indienen', en: 'Submit the objection', fr: 'Soumettre l’objection' },
  'objection.back': { nl: 'Terug', en: 'Back', fr: 'Retour' },
  'objection.made': {
    nl: 'Uw bezwaar is ingediend. Voeg hieronder eventueel bestanden toe.',
    en: 'Your objection has been submitted. Add files below if you have any.',
    fr: 'Votre objection a été soumise. Ajoutez ci-dessous des fichiers si vous en avez.',
  },
  'objection.against': { nl: 'Bezwaar tegen', en: 'Objection to', fr: 'Objection contre' },
  'objection.yourReasons': { nl: 'Uw redenen', en: 'Your reasons', fr: 'Vos motifs' },
  'objection.decision': {
    nl: 'Besluit over het bezwaar',
    en: 'Decision on the objection',
    fr: 'Décision sur l’objection',
  },
  'objection.pending': {
    nl: 'Uw bezwaar ligt bij de vereniging. U ziet de uitkomst hier.',
    en: 'Your objection is with the association. You will see the outcome here.',
    fr: 'Votre objection est entre les mains de l’association. Vous verrez le résultat ici.',
  },
  'objection.upheld.refused': {
    nl: 'Uw bezwaar is gegrond: de aanvraag wordt opnieuw beoordeeld, door een ander dan wie haar afwees.',
    en: 'Your objection was upheld: the application is reviewed again, by someone other than who refused it.',
    fr: 'Votre objection est fondée : la demande est réexaminée, par une autre personne que celle qui l’a refusée.',
  },
  'objection.upheld.other': {
    nl: 'Uw bezwaar is gegrond: de certificering is hersteld.',
    en: 'Your objection was upheld: the certification is reinstated.',
    fr: 'Votre objection est fondée : la certification est rétablie.',
  },
  'objection.rejected': {
    nl: 'Uw bezwaar is ongegrond: het besluit blijft staan.',
    en: 'Your objection was rejected: the decision stands.',
    fr: 'Votre objection n’est pas fondée : la décision est maintenue.',
  },
  'objection.files': {
    nl: 'Bestanden bij het bezwaar',
    en: 'Files of the objection',
    fr: 'Fichiers de l’objection',
  },
  'objection.toRefusal': {
    nl: 'Bezwaar maken tegen deze afwijzing',
    en: 'Object to this refusal',
    fr: 'Contester ce refus',
  },
  'objection.toCertification': {
    nl: 'Bezwaar tegen een schorsing of intrekking',
    en: 'Objection to a suspension or revocation',
    fr: 'Objection contre une suspension ou une révocation',
  },
} as const;
