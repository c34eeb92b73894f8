// The words of <champa-cohorts> (the cohort list and the new-cohort form) in Lao and English,
// and the sentences both cohort pages use for counts split by sex and for dates.
// Not for the server's own messages: those arrive in English and are shown as they are.
// The Lao strings are machine-drafted and await review by a native speaker.
import type { Lang } from '../shared/i18n.js';
import type { Mode, SexCounts } from './model.js';

const lo = {
  title: 'ຊຸດຝຶກອົບຮົມ',
  loading: 'ກຳລັງໂຫຼດ…',
  loadFailed: 'ໂຫຼດບໍ່ໄດ້:',
  retry: 'ລອງໃໝ່',
  search: 'ຊອກຫາຕາມຊື່',
  searchButton: 'ຊອກຫາ',
  show: 'ສະແດງ',
  all: 'ທັງໝົດ',
  openOnly: 'ເປີດຮັບຜູ້ເຂົ້າຮ່ວມ',
  closedOnly: 'ປິດຮັບແລ້ວ',
  none: 'ບໍ່ມີຊຸດຝຶກອົບຮົມ.',
  noneFound: 'ບໍ່ພົບຊຸດຝຶກອົບຮົມທີ່ກົງກັບການຊອກຫາ.',
  listLabel: 'ລາຍຊື່ຊຸດຝຶກອົບຮົມ',
  previous: 'ກ່ອນໜ້າ',
  next: 'ຕໍ່ໄປ',
  paging: 'ໜ້າຂອງລາຍຊື່',
  range: (from: number, to: number) => `${from}–${to}`,
  open: 'ເປີດຮັບ',
  closed: 'ປິດຮັບ',
  organisation: 'ອົງການ',
  province: 'ແຂວງ',
  district: 'ເມືອງ',
  dates: 'ວັນທີ',
  mode: 'ຮູບແບບ',
  courses: 'ຫຼັກສູດ',
  participants: 'ຜູ້ເຂົ້າຮ່ວມ',
  modes: { 'in-person': 'ພົບກັນໂດຍກົງ', online: 'ອອນລາຍ', blended: 'ປະສົມ' } satisfies Record<Mode, string>,
  // The new-cohort form.
  newCohort: 'ສ້າງຊຸດຝຶກອົບຮົມໃໝ່',
  formTitle: 'ຊຸດຝຶກອົບຮົມໃໝ່',
  name: 'ຊື່ຊຸດຝຶກອົບຮົມ',
  chooseCourses: 'ຫຼັກສູດທີ່ຈະຮຽນ',
  certification: 'ມີໃບຢັ້ງຢືນ',
  chooseOrganisation: 'ເລືອກອົງການ',
  noneChosen: '— ບໍ່ລະບຸ —',
  startsOn: 'ວັນທີເລີ່ມ',
  endsOn: 'ວັນທີສິ້ນສຸດ',
  optional: '(ບໍ່ບັງຄັບ)',
  joinOpen: 'ເປີດໃຫ້ຜູ້ເຂົ້າຮ່ວມເຂົ້າດ້ວຍລະຫັດໄດ້ທັນທີ',
  create: 'ສ້າງ',
  creating: 'ກຳລັງສ້າງ…',
  cancel: 'ຍົກເລີກ',
  fixThis: 'ກະລຸນາແກ້ໄຂ:',
  created: (name: string) => `ສ້າງ “${name}” ແລ້ວ.`,
  openIt: 'ເປີດເບິ່ງ ແລະ ເອົາລະຫັດເຂົ້າຮ່ວມ',
  noOrganisations: 'ທ່ານຍັງບໍ່ມີອົງການ: ຜູ້ເບິ່ງແຍງລະບົບຕ້ອງເພີ່ມທ່ານເຂົ້າອົງການກ່ອນ.',
};

type Strings = typeof lo;

const en: Strings = {
  title: 'Cohorts',
  loading: 'Loading…',
  loadFailed: 'Could not load:',
  retry: 'Try again',
  search: 'Search by name',
  searchButton: 'Search',
  show: 'Show',
  all: 'All',
  openOnly: 'Open to participants',
  closedOnly: 'Closed',
  none: 'No cohorts yet.',
  noneFound: 'No cohort matches the search.',
  listLabel: 'Cohorts',
  previous: 'Previous',
  next: 'Next',
  paging: 'Pages of the list',
  range: (from, to) => `${from}–${to}`,
  open: 'Open',
  closed: 'Closed',
  organisation: 'Organisation',
  province: 'Province',
  district: 'District',
  dates: 'Dates',
  mode: 'Mode',
  courses: 'Courses',
  participants: 'Participants',
  modes: { 'in-person': 'In person', online: 'Online', blended: 'Blended' },
  newCohort: 'New cohort',
  formTitle: 'New cohort',
  name: 'Name of the cohort',
  chooseCourses: 'Courses',
  certification: 'certification',
  chooseOrganisation: 'Choose an organisation',
  noneChosen: '— not given —',
  startsOn: 'Starts on',
  endsOn: 'Ends on',
  optional: '(optional)',
  joinOpen: 'Participants may join with the code now',
  create: 'Create',
  creating: 'Creating…',
  cancel: 'Cancel',
  fixThis: 'Please fix:',
  created: (name) => `“${name}” created.`,
  openIt: 'Open it and get the join code',
  noOrganisations: 'You belong to no organisation yet: an admin has to add you to one first.',
};

export const STRINGS = { lo, en };

/** "60 participants, 21 women": the headline count, always with the women among it. */
export function participantsLine(lang: Lang, c: SexCounts): string {
  if (lang === 'lo') return `ຜູ້ເຂົ້າຮ່ວມ ${c.total} ຄົນ, ຍິງ ${c.female} ຄົນ`;
  return `${c.total} ${c.total === 1 ? 'participant' : 'participants'}, ${c.female} ${c.female === 1 ? 'woman' : 'women'}`;
}

/** The whole split: women, men, and other or not stated together. */
export function sexSplit(lang: Lang, c: SexCounts): string {
  const rest = c.other + c.notStated;
  if (lang === 'lo') return `ຍິງ ${c.female} · ຊາຍ ${c.male} · ອື່ນໆ ຫຼື ບໍ່ລະບຸ ${rest}`;
  return `${c.female} ${c.female === 1 ? 'woman' : 'women'} · ${c.male} ${c.male === 1 ? 'man' : 'men'} · ${rest} other or not stated`;
}

// Chromium's ICU has no Lao month names (Intl writes "M03"): Lao dates are written here.
const LAO_MONTHS = ['ມັງກອນ', 'ກຸມພາ', 'ມີນາ', 'ເມສາ', 'ພຶດສະພາ', 'ມິຖຸນາ', 'ກໍລະກົດ', 'ສິງຫາ', 'ກັນຍາ', 'ຕຸລາ', 'ພະຈິກ', 'ທັນວາ'];
const two = (n: number) => String(n).padStart(2, '0');

/** A calendar date (YYYY-MM-DD) as people read it: "2 ມີນາ 2026", "2 Mar 2026". */
export function formatDate(lang: Lang, day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  if (lang === 'lo') return `${d.getUTCDate()} ${LAO_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** "2 Mar 2026 – 4 Mar 2026", or only the first day. */
export const formatDates = (lang: Lang, from: string, to: string | null): string =>
  to && to !== from ? `${formatDate(lang, from)} – ${formatDate(lang, to)}` : formatDate(lang, from);

/** A moment (ISO timestamp) in the viewer's time zone: "22 ພະຈິກ 2026, 09:37". */
export function formatMoment(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (lang === 'lo') return `${d.getDate()} ${LAO_MONTHS[d.getMonth()]} ${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A time of day with seconds, for "updated hh:mm:ss". */
export const formatClock = (date: Date): string => [date.getHours(), date.getMinutes(), date.getSeconds()].map(two).join(':');
