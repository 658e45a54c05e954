import { entry } from './entry.ts';

/**
 * Refusals of renewal, remediation and objection (issue 18, wf-after). `case_move_not_allowed`
 * and `case_outcome_not_allowed` are generic workflow refusals; fold them into the workflow's own
 * codes (db/errors/workflow.ts) when both exist.
 */
export const WORKFLOW_AFTER_ERRORS = {
  case_move_not_allowed: entry(
    409,
    'Case cannot make this move',
    'Deze stap kan niet: de zaak staat op "{stage}".',
    'This step is not possible: the case is at "{stage}".',
    'Cette étape est impossible : le dossier est à l’étape « {stage} ».',
  ),
  case_outcome_not_allowed: entry(
    400,
    'Outcome not allowed',
    'Een zaak van deze soort kan niet met "{outcome}" worden beslist.',
    'A case of this kind cannot be decided as "{outcome}".',
    'Un dossier de ce type ne peut pas être tranché par « {outcome} ».',
  ),
  remediation_findings_required: entry(
    400,
    'Findings required',
    'Een schorsing met herstel vraagt minstens één verplichte bevinding met toelichting.',
    'A suspension with remediation needs at least one mandatory finding with a comment.',
    'Une suspension avec remédiation exige au moins un constat obligatoire commenté.',
  ),
  remediation_deadline_invalid: entry(
    400,
    'Remediation deadline invalid',
    'Kies een hersteltermijn die na vandaag ligt en binnen een jaar.',
    'Choose a remediation deadline after today and within a year.',
    'Choisissez un délai de remédiation postérieur à aujourd’hui et dans l’année.',
  ),
  objection_not_open: entry(
    409,
    'Nothing to object to',
    'Bezwaar kan alleen tegen een weigering, schorsing of intrekking, binnen {days} dagen na het besluit.',
    'An objection is possible only against a refusal, suspension or revocation, within {days} days of the decision.',
    'Une objection n’est possible que contre un refus, une suspension ou une révocation, dans les {days} jours suivant la décision.',
  ),
  objection_same_person: entry(
    403,
    'Decided by someone else',
    'U nam het besluit waartegen bezwaar is gemaakt; een andere medewerker beslist over het bezwaar.',
    'You took the decision objected to; another staff member decides the objection.',
    'Vous avez pris la décision contestée ; un autre membre du personnel tranche l’objection.',
  ),
} as const;
