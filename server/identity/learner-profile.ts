// The learner profile (domain-research §5.3): its fields as the API takes them, the rules
// between them (birth year or age band, district within province, ethnicity and disability
// only with consent), and the row they become. Shared by /api/learners, and meant for the
// join flow and CSV enrolment, so that every way in checks a learner alike.
// Not for the LRS: no field here ever enters a statement (learnerAgent() is all it sees).
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { DB, Learners } from '../db/schema.js';
import type { Settings } from '../deps.js';
import { fail } from '../errors.js';
import { expecting } from '../validators.js';
import { learnerAgent } from './learner-tokens.js';

export const SEXES = ['female', 'male', 'other', 'not-stated'] as const;
/** Champa's bands (not from a source): under-18 separates minors; ten-year bands after 24. */
export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-plus'] as const;
export const LANGUAGES = ['lo', 'en'] as const;
export const DISABILITY = ['yes', 'no', 'not-stated'] as const;

const text = (max: number) =>
  z
    .string(expecting('must be text'))
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

export const provinceCodeField = z.string(expecting('must be a province code such as LA-VT')).regex(/^LA-[A-Z]{2}$/, 'must be a province code such as LA-VT');
export const districtCodeField = z.string(expecting('must be a district code')).regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, 'must be a district code (letters, digits, hyphens)');

/** Every profile field, each optional: what a create or an update may carry. */
export const learnerFields = {
  name: text(200),
  sex: z.enum(SEXES, expecting(`must be one of ${SEXES.join(', ')}`)),
  birthYear: z
    .number(expecting('must be a year such as 1990'))
    .int('must be a whole year')
    .min(1900, 'must be 1900 or later')
    .refine((y) => y <= new Date().getUTCFullYear(), 'must not be in the future')
    .nullable(),
  ageBand: z.enum(AGE_BANDS, expecting(`must be one of ${AGE_BANDS.join(', ')}`)).nullable(),
  organisationId: z.string(expecting('must be an organisation id')).min(1).max(64).nullable(),
  position: text(120).nullable(),
  provinceCode: provinceCodeField.nullable(),
  districtCode: districtCodeField.nullable(),
  preferredLanguage: z.enum(LANGUAGES, expecting('must be lo or en')),
  consent: z.boolean(expecting('must be true or false')),
  ethnicity: text(100).nullable(),
  disability: z.enum(DISABILITY, expecting(`must be one of ${DISABILITY.join(', ')}`)).nullable(),
};

/** A new learner: name and sex are required (every report is split by sex). */
export const createLearnerBody = z.strictObject({
  ...learnerFields,
  name: learnerFields.name,
  sex: learnerFields.sex,
  birthYear: learnerFields.birthYear.optional(),
  ageBand: learnerFields.ageBand.optional(),
  organisationId: learnerFields.organisationId.optional(),
  position: learnerFields.position.optional(),
  provinceCode: learnerFields.provinceCode.optional(),
  districtCode: learnerFields.districtCode.optional(),
  preferredLanguage: learnerFields.preferredLanguage.optional(),
  consent: learnerFields.consent.optional(),
  ethnicity: learnerFields.ethnicity.optional(),
  disability: learnerFields.disability.optional(),
});

/** A change by staff: any subset of the fields. */
export const updateLearnerBody = z.strictObject(Object.fromEntries(Object.entries(learnerFields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof learnerFields]: z.ZodOptional<(typeof learnerFields)[K]>;
});

/** A change by the learner: the same, but not the organisation (that decides which trainers see them). */
export const updateOwnProfileBody = updateLearnerBody.omit({ organisationId: true });

export type LearnerInput = Partial<{ [K in keyof typeof learnerFields]: z.output<(typeof learnerFields)[K]> }>;
export type LearnerRow = Selectable<Learners>;

/** What a learner row becomes in the API. */
export function learnerJson(row: LearnerRow, settings: Settings) {
  return {
    id: row.id,
    name: row.name,
    sex: row.sex,
    birthYear: row.birth_year,
    ageBand: row.age_band,
    organisationId: row.organisation_id,
    position: row.position,
    provinceCode: row.province_code,
    districtCode: row.district_code,
    preferredLanguage: row.preferred_language,
    consent: !!row.consent,
    consentAt: row.consent_at,
    ethnicity: row.ethnicity,
    disability: row.disability,
    created: row.created,
    updated: row.updated,
    /** The learner's xAPI actor: the only way they appear in statements. */
    actor: learnerAgent(settings, row.id),
  };
}

type Values = Omit<LearnerRow, 'id' | 'created' | 'updated'>;

/**
 * Applies `input` to `current` (a new learner when undefined) and checks the rules between
 * fields, against the database for places and the organisation. Returns the column values;
 * throws 400 naming the field. `prefix` is where the input sits (e.g. "body", "rows[3]").
 */
export async function resolveLearner(
  db: Kysely<DB>,
  input: LearnerInput,
  current: LearnerRow | undefined,
  now: Date,
  prefix = 'body',
): Promise<Values> {
  const has = (k: keyof LearnerInput) => Object.hasOwn(input, k) && input[k] !== undefined;
  const v: Values = current
    ? { ...current }
    : {
        name: '',
        sex: 'not-stated',
        birth_year: null,
        age_band: null,
        organisation_id: null,
        position: null,
        province_code: null,
        district_code: null,
        preferred_language: 'lo',
        consent: 0,
        consent_at: null,
        ethnicity: null,
        disability: null,
      };
  if (has('name')) v.name = input.name!;
  if (has('sex')) v.sex = input.sex!;
  if (has('birthYear') && has('ageBand') && input.birthYear !== null && input.ageBand !== null) {
    fail(400, `${prefix}.ageBand: give birthYear or ageBand, not both`);
  }
  // Giving one of the two replaces the other.
  if (has('birthYear')) {
    v.birth_year = input.birthYear!;
    if (input.birthYear !== null) v.age_band = null;
  }
  if (has('ageBand')) {
    v.age_band = input.ageBand!;
    if (input.ageBand !== null) v.birth_year = null;
  }
  if (has('organisationId')) v.organisation_id = input.organisationId!;
  if (has('position')) v.position = input.position!;
  if (has('provinceCode')) {
    if (input.provinceCode !== v.province_code && !has('districtCode')) v.district_code = null;
    v.province_code = input.provinceCode!;
  }
  if (has('districtCode')) v.district_code = input.districtCode!;
  if (has('preferredLanguage')) v.preferred_language = input.preferredLanguage!;

  if (has('consent')) {
    if (input.consent && !v.consent) v.consent_at = now.toISOString();
    if (!input.consent) {
      // Withdrawing consent erases what was given under it.
      for (const k of ['ethnicity', 'disability'] as const) {
        if (has(k) && input[k] !== null) fail(400, `${prefix}.${k}: only with consent, and consent is being withdrawn`);
      }
      v.ethnicity = null;
      v.disability = null;
      v.consent_at = null;
    }
    v.consent = input.consent ? 1 : 0;
  }
  for (const k of ['ethnicity', 'disability'] as const) {
    if (!has(k)) continue;
    if (input[k] !== null && !v.consent) fail(400, `${prefix}.${k}: voluntary, and only with consent: set consent to true to give it`);
    v[k] = input[k]!;
  }

  if (v.district_code !== null && v.province_code === null) fail(400, `${prefix}.provinceCode: required when districtCode is given`);
  if (v.province_code !== null && (has('provinceCode') || !current)) {
    const p = await db.selectFrom('provinces').select('code').where('code', '=', v.province_code).executeTakeFirst();
    if (!p) fail(400, `${prefix}.provinceCode: no province ${v.province_code} (GET /api/places/provinces lists them)`);
  }
  if (v.district_code !== null && (has('districtCode') || has('provinceCode') || !current)) {
    const d = await db.selectFrom('districts').select('province_code').where('code', '=', v.district_code).executeTakeFirst();
    if (!d) fail(400, `${prefix}.districtCode: no district ${v.district_code} (GET /api/places/districts?province=${v.province_code} lists them)`);
    if (d.province_code !== v.province_code) fail(400, `${prefix}.districtCode: district ${v.district_code} is in ${d.province_code}, not ${v.province_code}`);
  }
  if (v.organisation_id !== null && has('organisationId')) {
    const o = await db.selectFrom('organisations').select('id').where('id', '=', v.organisation_id).executeTakeFirst();
    if (!o) fail(400, `${prefix}.organisationId: no organisation ${v.organisation_id}`);
  }
  return v;
}
