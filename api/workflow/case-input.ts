import type { Input } from '../admin/perform.ts';
import type { Principal } from '../admin/principal.ts';
import { actorName } from '../admin/principal.ts';
import { KeurmerkError, ValidationError } from '../../db/errors.ts';
import { ASSESSMENT_RESULTS, FINDING_SEVERITIES, REVIEW_VERDICTS } from '../../db/vocabulary.ts';
import type { CaseActor } from '../../db/workflow/cases.ts';
import type { AnswerInput, ReviewInput } from '../../db/workflow/moves.ts';
import { oneOf, optionalOneOf, optionalText, text } from '../handlers/admin-input.ts';

/**
 * The person behind a principal, for the four-eyes rules: a staff member, or the staff member a
 * token acts for. The command line and an ownerless token are nobody in particular.
 */
export function caseActor(principal: Principal): CaseActor {
  const staffId =
    principal.kind === 'staff' ? principal.id : principal.kind === 'token' ? principal.ownerId : null;
  return { name: actorName(principal), staffId };
}

/** The case id from the path or form; anything but a positive whole number is an unknown case. */
export function caseIdOf(input: Input): number {
  const raw = input['id'];
  const id =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new KeurmerkError('case_not_found');
  return id;
}

function listOf(input: Input, field: string): Input[] {
  const raw = input[field];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100)
    throw new ValidationError(field, `${field} must be a list of 1 to 100 items.`);
  return raw.map((item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? (item as Input) : {},
  );
}

function once<T extends { criterion: string }>(items: T[], field: string): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.criterion))
      throw new ValidationError(field, `Criterion ${item.criterion} appears twice.`);
    seen.add(item.criterion);
  }
  return items;
}

/** `answers: [{criterion, answer, explanation?}]`. */
export function answersOf(input: Input): AnswerInput[] {
  return once(
    listOf(input, 'answers').map((a) => ({
      criterion: text(a, 'criterion', 40),
      answer: oneOf(a, 'answer', ASSESSMENT_RESULTS),
      explanation: optionalText(a, 'explanation', 8000),
    })),
    'answers',
  );
}

/** `reviews: [{criterion, verdict, severity?, comment?}]`. */
export function reviewsOf(input: Input): ReviewInput[] {
  return once(
    listOf(input, 'reviews').map((r) => ({
      criterion: text(r, 'criterion', 40),
      verdict: oneOf(r, 'verdict', REVIEW_VERDICTS),
      severity: optionalOneOf(r, 'severity', FINDING_SEVERITIES),
      comment: optionalText(r, 'comment', 8000),
    })),
    'reviews',
  );
}
