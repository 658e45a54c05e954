/** What the "new scheme" form starts with: every field of a definition, to be overwritten. */
export const DEFINITION_TEMPLATE = JSON.stringify(
  {
    owner: { name: 'Association', slug: 'association', url: 'https://association.example' },
    country: 'NL',
    inForceFrom: '2027-01-01',
    validityMonths: 12,
    renewalGraceDays: 30,
    objectionPeriodDays: 42,
    assuranceLevels: ['self_declared', 'reviewed', 'audited'],
    name: { nl: 'Naam', en: 'Name', fr: 'Nom' },
    description: { nl: 'Beschrijving', en: 'Description', fr: 'Description' },
    criteria: [
      {
        code: 'c1',
        title: { nl: 'Criterium', en: 'Criterion', fr: 'Critère' },
        description: { nl: 'Wat het inhoudt', en: 'What it means', fr: 'Ce que cela signifie' },
      },
    ],
  },
  null,
  2,
);
