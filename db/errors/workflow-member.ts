import { entry } from './entry.ts';

/** The member side of remediation and objection (issue 18, wf-member). */
export const WORKFLOW_MEMBER_ERRORS = {
  objection_already_open: entry(
    409,
    'Objection already made',
    'Tegen dit besluit is al bezwaar gemaakt (dossier {caseId}); volg het daar.',
    'An objection to this decision has already been made (case {caseId}); follow it there.',
    'Une objection contre cette décision a déjà été formée (dossier {caseId}) ; suivez-la là.',
  ),
  reopened_same_person: entry(
    403,
    'Decided by someone else',
    'U wees deze aanvraag af en het bezwaar daartegen is gegrond verklaard; een andere medewerker beslist opnieuw.',
    'You refused this application and the objection to it was upheld; another staff member decides again.',
    'Vous avez refusé cette demande et l’objection a été jugée fondée ; un autre membre du personnel décide à nouveau.',
  ),
  remediation_answer_missing: entry(
    400,
    'Corrective answer missing',
    'Licht bij elke verplichte bevinding toe wat u hebt veranderd (ontbreekt: {criterion}).',
    'Explain for every mandatory finding what you changed (missing: {criterion}).',
    'Expliquez pour chaque constat obligatoire ce que vous avez changé (manquant : {criterion}).',
  ),
} as const;
