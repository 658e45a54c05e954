import { entry } from './entry.ts';

/**
 * The certification workflow (db/workflow/): every case error, shared by applications, renewals,
 * remediation and objections. `case_move_not_allowed` and `case_outcome_not_allowed` are the
 * refusals of the renewal, remediation and objection moves (they name the stage or outcome);
 * `illegal_case_move` is the application's.
 */
export const WORKFLOW_ERRORS = {
  case_not_found: entry(
    404,
    'Case not found',
    'Dit dossier bestaat niet of hoort niet bij uw organisatie.',
    'This case does not exist or does not belong to your organisation.',
    "Ce dossier n'existe pas ou n'appartient pas à votre organisation.",
  ),
  illegal_case_move: entry(
    409,
    'Illegal case move',
    'In zijn huidige fase staat dit dossier die stap niet toe.',
    'The case does not allow this step in its current stage.',
    'Dans sa phase actuelle, ce dossier ne permet pas cette étape.',
  ),
  case_already_open: entry(
    409,
    'Case already open',
    'Er loopt al een dossier van deze soort voor deze certificering.',
    'A case of this kind is already open for this certification.',
    'Un dossier de ce type est déjà ouvert pour cette certification.',
  ),
  answers_incomplete: entry(
    409,
    'Not all criteria answered',
    'Beantwoord eerst elk criterium: {missing}.',
    'Answer every criterion first: {missing}.',
    "Répondez d'abord à chaque critère : {missing}.",
  ),
  explanation_required: entry(
    400,
    'Explanation required',
    'Licht toe waarom aan dit criterium wordt voldaan of waarom het niet van toepassing is.',
    'Explain why this criterion is met or why it does not apply.',
    'Expliquez pourquoi ce critère est rempli ou pourquoi il ne s’applique pas.',
  ),
  review_incomplete: entry(
    409,
    'Review incomplete',
    'Beoordeel eerst elk criterium: {missing}.',
    'Review every criterion first: {missing}.',
    "Examinez d'abord chaque critère : {missing}.",
  ),
  mandatory_finding_open: entry(
    409,
    'Mandatory finding open',
    'Een verplichte bevinding staat een toekenning in de weg: {criteria}.',
    'A mandatory finding stands in the way of a grant: {criteria}.',
    "Une constatation obligatoire empêche l'octroi : {criteria}.",
  ),
  assurance_level_not_allowed: entry(
    409,
    'Assurance level not allowed',
    'De versie van de regeling staat dit zekerheidsniveau niet toe (toegestaan: {allowed}).',
    'The scheme version does not allow this assurance level (allowed: {allowed}).',
    "La version du référentiel n'autorise pas ce niveau d'assurance (autorisés : {allowed}).",
  ),
  four_eyes: entry(
    403,
    'Four eyes',
    'Wie dit dossier beoordeelde, mag het niet op dit niveau toekennen: een tweede medewerker beslist.',
    'Whoever reviewed this case may not grant it at this level: a second staff member decides.',
    "La personne qui a examiné ce dossier ne peut pas l'accorder à ce niveau : un second membre du personnel décide.",
  ),
  four_eyes_no_person: entry(
    403,
    'A named person must decide',
    'Dit niveau kent alleen een aangemelde medewerker toe, niet een API-sleutel of de opdrachtregel zonder medewerker.',
    'Only a signed-in staff member grants this level, not an API token or the command line without a staff member behind it.',
    "Seul un membre du personnel connecté accorde ce niveau, pas une clé d'API ni la ligne de commande sans membre du personnel.",
  ),
  audit_report_missing: entry(
    409,
    'Audit report missing',
    'Voor het niveau "onafhankelijke audit" hoort een auditrapport bij het dossier.',
    'The level "independent audit" needs an audit report attached to the case.',
    'Le niveau « audit indépendant » exige un rapport d’audit joint au dossier.',
  ),
  deadline_invalid: entry(
    400,
    'Deadline invalid',
    'Kies een termijn in de toekomst, binnen een jaar.',
    'Choose a deadline in the future, within a year.',
    'Choisissez un délai dans le futur, dans un délai d’un an.',
  ),
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
  // The member side of remediation and objection.
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
