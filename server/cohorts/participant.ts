// A participant's details as the join form and a CSV row give them: checked field by field
// with identity's learnerFields (the same rules as /api/learners), then the rules between
// fields and against the places and organisations, collecting every problem at once with a
// message in English and Lao that a form can show beside the field. Pure: the caller loads
// the reference data. Not for staff edits of a learner: /api/learners uses resolveLearner.
//
// The Lao wording is machine-drafted and awaits review by a native speaker.
import type { z } from 'zod';
import { AGE_BANDS, DISABILITY, LANGUAGES, SEXES, learnerFields, type LearnerRow } from '../identity/learner-profile.js';

export type ParticipantField = keyof typeof learnerFields;
export const PARTICIPANT_FIELDS = Object.keys(learnerFields) as ParticipantField[];

export interface Localised {
  lo: string;
  en: string;
}

/** One problem with one field, in a form a UI can show in either language. */
export interface Issue {
  /** The field as the join API names it (sex, birthYear, ...) or "code". */
  field: ParticipantField | 'code';
  /** The field's label. */
  label: Localised;
  /** What is wrong, without the label: `must be one of female, male, other, not-stated`. */
  message: Localised;
}

export const LABELS: Record<ParticipantField | 'code', Localised> = {
  code: { lo: 'ລະຫັດເຂົ້າຮ່ວມ', en: 'Join code' },
  name: { lo: 'ຊື່ ແລະ ນາມສະກຸນ', en: 'Name' },
  sex: { lo: 'ເພດ', en: 'Sex' },
  birthYear: { lo: 'ປີເກີດ', en: 'Year of birth' },
  ageBand: { lo: 'ຊ່ວງອາຍຸ', en: 'Age band' },
  organisationId: { lo: 'ອົງການ', en: 'Organisation' },
  position: { lo: 'ຕຳແໜ່ງ', en: 'Position' },
  provinceCode: { lo: 'ແຂວງ', en: 'Province' },
  districtCode: { lo: 'ເມືອງ', en: 'District' },
  preferredLanguage: { lo: 'ພາສາ', en: 'Language' },
  consent: { lo: 'ການຍິນຍອມ', en: 'Consent' },
  ethnicity: { lo: 'ຊົນເຜົ່າ', en: 'Ethnic group' },
  disability: { lo: 'ຄວາມພິການ', en: 'Disability' },
};

/** Lao names of the choices, for messages and forms. */
export const CHOICE_LABELS = {
  sex: { female: 'ຍິງ', male: 'ຊາຍ', other: 'ອື່ນໆ', 'not-stated': 'ບໍ່ລະບຸ' },
  preferredLanguage: { lo: 'ລາວ', en: 'ອັງກິດ' },
  disability: { yes: 'ມີ', no: 'ບໍ່ມີ', 'not-stated': 'ບໍ່ລະບຸ' },
} as const;

export function issue(field: Issue['field'], en: string, lo: string): Issue {
  return { field, label: LABELS[field], message: { en, lo } };
}

/** The reference data a participant's details are checked against. */
export interface References {
  provinces: ReadonlySet<string>;
  /** district code → its province code */
  districts: ReadonlyMap<string, string>;
  organisations: ReadonlySet<string>;
}

/** The checked details: every field the learner row needs. */
export type Participant = Omit<LearnerRow, 'id' | 'created' | 'updated'>;

const LAO_REQUIRED = 'ຕ້ອງໃສ່';
const LAO_CHOOSE = 'ກະລຸນາເລືອກຈາກລາຍການ';

function laoFor(field: ParticipantField, zi: z.core.$ZodIssue): string {
  if (zi.code === 'invalid_type' && zi.input === undefined) return LAO_REQUIRED;
  switch (field) {
    case 'birthYear':
      if (zi.code === 'custom') return 'ຕ້ອງບໍ່ແມ່ນປີໃນອະນາຄົດ';
      return 'ຕ້ອງເປັນປີ ຄ.ສ. ເຊັ່ນ 1990';
    case 'sex':
      return `ກະລຸນາເລືອກ: ${Object.values(CHOICE_LABELS.sex).join(', ')}`;
    case 'preferredLanguage':
      return 'ກະລຸນາເລືອກ ລາວ ຫຼື ອັງກິດ';
    case 'consent':
      return 'ຕ້ອງເປັນ ແມ່ນ ຫຼື ບໍ່';
    case 'provinceCode':
    case 'districtCode':
    case 'organisationId':
      return 'ບໍ່ຖືກຕ້ອງ: ກະລຸນາເລືອກຈາກລາຍການ';
    case 'ageBand':
    case 'disability':
      return LAO_CHOOSE;
    default:
      if (zi.code === 'too_small') return LAO_REQUIRED;
      if (zi.code === 'too_big') return `ຍາວເກີນໄປ: ບໍ່ເກີນ ${String(zi.maximum)} ຕົວອັກສອນ`;
      return 'ຕ້ອງເປັນຂໍ້ຄວາມ';
  }
}

const REQUIRED: ReadonlySet<ParticipantField> = new Set(['name', 'sex']);

/**
 * Checks raw details (as parsed JSON, or a CSV row already turned into typed values).
 * Absent, null and empty-text optional fields count as not given. Returns the learner's
 * column values, or every issue found.
 */
export function checkParticipant(
  raw: Partial<Record<ParticipantField, unknown>>,
  refs: References,
  now: Date,
): { participant: Participant; issues: [] } | { participant: null; issues: Issue[] } {
  const issues: Issue[] = [];
  const v: Partial<Record<ParticipantField, unknown>> = {};
  for (const field of PARTICIPANT_FIELDS) {
    let value = raw[field];
    if (typeof value === 'string' && value.trim() === '' && !REQUIRED.has(field)) value = undefined;
    if (value === undefined || value === null) {
      if (REQUIRED.has(field)) issues.push(issue(field, 'required', LAO_REQUIRED));
      continue;
    }
    const parsed = learnerFields[field].safeParse(value);
    if (!parsed.success) {
      const zi = parsed.error.issues[0]!;
      issues.push(issue(field, zi.message, laoFor(field, zi)));
      continue;
    }
    v[field] = parsed.data;
  }
  const given = (f: ParticipantField) => v[f] !== undefined && !issues.some((i) => i.field === f);

  if (given('birthYear') && given('ageBand')) {
    issues.push(issue('ageBand', 'give birthYear or ageBand, not both', 'ໃສ່ປີເກີດ ຫຼື ຊ່ວງອາຍຸ, ບໍ່ແມ່ນທັງສອງ'));
  }
  const province = v.provinceCode as string | undefined;
  const district = v.districtCode as string | undefined;
  if (given('provinceCode') && !refs.provinces.has(province!)) {
    issues.push(issue('provinceCode', `no province ${province}`, 'ບໍ່ມີແຂວງນີ້'));
  }
  if (given('districtCode')) {
    const inProvince = refs.districts.get(district!);
    if (!given('provinceCode') && !issues.some((i) => i.field === 'provinceCode')) {
      issues.push(issue('provinceCode', 'required when districtCode is given', 'ກະລຸນາເລືອກແຂວງກ່ອນ'));
    } else if (inProvince === undefined) {
      issues.push(issue('districtCode', `no district ${district}`, 'ບໍ່ມີເມືອງນີ້'));
    } else if (given('provinceCode') && inProvince !== province) {
      issues.push(issue('districtCode', `district ${district} is in ${inProvince}, not ${province}`, 'ເມືອງນີ້ບໍ່ຢູ່ໃນແຂວງທີ່ເລືອກ'));
    }
  }
  if (given('organisationId') && !refs.organisations.has(v.organisationId as string)) {
    issues.push(issue('organisationId', `no organisation ${String(v.organisationId)}`, 'ບໍ່ມີອົງການນີ້'));
  }
  const consent = v.consent === true;
  for (const f of ['ethnicity', 'disability'] as const) {
    if (given(f) && !consent) {
      issues.push(issue(f, 'voluntary, and only with consent: set consent to true to give it', 'ໃສ່ໄດ້ສະເພາະເມື່ອທ່ານຍິນຍອມ'));
    }
  }
  if (issues.length) return { participant: null, issues };

  const or = <T>(f: ParticipantField, fallback: T) => (v[f] === undefined ? fallback : (v[f] as T));
  return {
    participant: {
      name: v.name as string,
      sex: v.sex as string,
      birth_year: or<number | null>('birthYear', null),
      age_band: or<string | null>('ageBand', null),
      organisation_id: or<string | null>('organisationId', null),
      position: or<string | null>('position', null),
      province_code: or<string | null>('provinceCode', null),
      district_code: or<string | null>('districtCode', null),
      preferred_language: or<string>('preferredLanguage', 'lo'),
      consent: consent ? 1 : 0,
      consent_at: consent ? now.toISOString() : null,
      ethnicity: consent ? or<string | null>('ethnicity', null) : null,
      disability: consent ? or<string | null>('disability', null) : null,
    },
    issues: [],
  };
}

/** For messages and templates: the allowed values of the choice fields. */
export const CHOICES = { sex: SEXES, ageBand: AGE_BANDS, preferredLanguage: LANGUAGES, disability: DISABILITY } as const;
