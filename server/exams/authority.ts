// Who grades final exams, as the LRS sees it: the Champa exam grader's principal and authority,
// and how to recognise a statement it stored. Not for grading (grade.ts) or for building the
// statements (grader.ts); no imports beyond types, so progress derivation can use it cheaply.
//
// The authority is what makes a final-exam result count for certification (progress/derive.ts):
// the LRS sets authority from the credential, and no credential reaches this principal (LRS
// client keys are random hex; learner tokens have an authority of their own).
import type { ClientPrincipal, Settings } from '../deps.js';

/** The grader's account name under <publicUrl>/xapi/clients. */
export const EXAM_GRADER_ACCOUNT = 'champa-exam-grader';
/** What statements the grader stores record as their storer (statements.client_key). */
export const EXAM_GRADER_KEY = 'champa:exam-grader';

/** The principal the exam API stores graded attempts with. */
export function examGrader(settings: Settings): ClientPrincipal {
  return {
    kind: 'client',
    key: EXAM_GRADER_KEY,
    name: 'Champa exam grader',
    scopes: new Set(['statements/write']),
    authority: { objectType: 'Agent', name: 'Champa exam grader', account: { homePage: `${settings.publicUrl}/xapi/clients`, name: EXAM_GRADER_ACCOUNT } },
  };
}

/**
 * Whether a stored statement's authority is the exam grader. By account name and the
 * /xapi/clients home page, not the whole URL, so that `progress rebuild` still recognises
 * results stored before the deployment's public URL changed.
 */
export function isExamGrader(authority: unknown): boolean {
  const account = (authority as { account?: { homePage?: unknown; name?: unknown } } | undefined)?.account;
  return account?.name === EXAM_GRADER_ACCOUNT && typeof account.homePage === 'string' && account.homePage.endsWith('/xapi/clients');
}
