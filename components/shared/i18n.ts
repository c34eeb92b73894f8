// The player's own UI strings in Lao (here) and English (i18n-en.ts, loaded on demand), and Intl
// formatting. A plain lookup table rather than @lit/localize: two locales, a few dozen strings,
// no build step.
// Not for course text: that comes in both locales inside the compiled course.
// The Lao strings are machine-drafted and await review by a native speaker.

export type Lang = 'lo' | 'en';

/** The effective locale of an element's `lang` value: Lao unless English is asked for. */
export const toLang = (value: string | null | undefined): Lang => (value?.toLowerCase().startsWith('en') ? 'en' : 'lo');

const lo = {
  loading: 'ກຳລັງໂຫຼດ…',
  loadFailed: 'ໂຫຼດຫຼັກສູດບໍ່ໄດ້.',
  retry: 'ລອງໃໝ່',
  outline: 'ເນື້ອໃນຫຼັກສູດ',
  language: 'ພາສາ',
  module: (n: string) => `ພາກທີ ${n}`,
  quiz: 'ແບບທົດສອບທ້າຍພາກ',
  pretest: 'ແບບທົດສອບກ່ອນຮຽນ',
  posttest: 'ແບບທົດສອບຫຼັງຮຽນ',
  exam: 'ການສອບເສັງທ້າຍຫຼັກສູດ',
  check: 'ກວດຄວາມເຂົ້າໃຈ',
  scenario: 'ສະຖານະການ',
  home: 'ໜ້າຫຼັກຂອງຫຼັກສູດ',
  start: 'ເລີ່ມຮຽນ',
  startPretest: 'ເລີ່ມແບບທົດສອບກ່ອນຮຽນ',
  pretestFirst: 'ເລີ່ມດ້ວຍແບບທົດສອບກ່ອນຮຽນ ເພື່ອວັດແທກສິ່ງທີ່ທ່ານຮູ້ແລ້ວ.',
  resume: 'ຮຽນຕໍ່ຈາກບ່ອນທີ່ຄ້າງໄວ້',
  next: 'ຕໍ່ໄປ',
  finishLesson: 'ອ່ານຈົບແລ້ວ, ໄປຕໍ່',
  continue: 'ສືບຕໍ່',
  checkAnswer: 'ກວດຄຳຕອບ',
  answer: 'ສົ່ງຄຳຕອບ',
  correct: 'ຖືກຕ້ອງ',
  incorrect: 'ບໍ່ຖືກຕ້ອງ',
  why: 'ເປັນຫຍັງ',
  yes: 'ຖືກ',
  no: 'ຜິດ',
  moveUp: 'ຍ້າຍຂຶ້ນ',
  moveDown: 'ຍ້າຍລົງ',
  position: (i: string) => `ລຳດັບທີ ${i}`,
  choose: 'ເລືອກ…',
  chooseAll: 'ເລືອກທຸກຂໍ້ທີ່ຖືກ.',
  questionOf: (i: string, n: string) => `ຄຳຖາມທີ ${i} ໃນ ${n}`,
  questions: (n: string) => `${n} ຄຳຖາມ`,
  score: (pct: string) => `ຄະແນນ ${pct}`,
  passed: 'ຜ່ານ',
  failed: 'ບໍ່ຜ່ານ',
  mastery: (pct: string) => `ຕ້ອງໄດ້ຢ່າງໜ້ອຍ ${pct} ຈຶ່ງຈະຜ່ານ.`,
  attemptsLeft: (n: string) => `ຍັງສອບໄດ້ອີກ ${n} ຄັ້ງ.`,
  noAttemptsLeft: 'ທ່ານໃຊ້ສິດສອບໝົດແລ້ວ.',
  tryAgain: 'ສອບໃໝ່',
  finishQuiz: 'ສົ່ງແບບທົດສອບ',
  resultHeading: 'ຜົນການທົດສອບ',
  completed: 'ສຳເລັດແລ້ວ',
  notStarted: 'ຍັງບໍ່ໄດ້ເລີ່ມ',
  moduleCompleted: 'ທ່ານຮຽນພາກນີ້ສຳເລັດແລ້ວ.',
  courseCompleted: 'ຂໍສະແດງຄວາມຍິນດີ! ທ່ານຮຽນຫຼັກສູດນີ້ສຳເລັດແລ້ວ.',
  certificateNote: 'ໃບຢັ້ງຢືນຈະອອກໃຫ້ ເມື່ອປະຕິບັດຕາມເງື່ອນໄຂຂອງຫຼັກສູດຄົບຖ້ວນ.',
  newAttempt: 'ຮຽນໃໝ່ຕັ້ງແຕ່ຕົ້ນ',
  offline: 'ບໍ່ມີອິນເຕີເນັດ',
  waiting: (n: string) => `${n} ບັນທຶກ ລໍຖ້າສົ່ງ`,
  saveOffline: 'ບັນທຶກໄວ້ຮຽນຕອນບໍ່ມີເນັດ',
  downloadSize: (size: string) => `ຕ້ອງດາວໂຫຼດ ${size}. ບັນທຶກບໍ?`,
  download: 'ດາວໂຫຼດ',
  cancel: 'ຍົກເລີກ',
  saving: 'ກຳລັງບັນທຶກ…',
  saved: 'ບັນທຶກໄວ້ຮຽນຕອນບໍ່ມີເນັດແລ້ວ',
  saveFailed: 'ບັນທຶກບໍ່ສຳເລັດ.',
  locked: 'ຮຽນທຸກພາກໃຫ້ສຳເລັດກ່ອນ',
  draft: 'ຂໍ້ຄວາມພາສາລາວຂອງຫຼັກສູດນີ້ ຍັງບໍ່ໄດ້ຮັບການກວດແກ້ ໂດຍຜູ້ເວົ້າພາສາລາວ.',
  sources: 'ແຫຼ່ງຂໍ້ມູນ',
  source: (n: string) => `ແຫຼ່ງຂໍ້ມູນ ${n}`,
  endGood: 'ຜົນດີ',
  endPoor: 'ຜົນບໍ່ດີ',
  endNeutral: 'ຈົບສະຖານະການ',
  playAgain: 'ເລີ່ມສະຖານະການໃໝ່',
  youChose: 'ທ່ານເລືອກ:',
  progress: 'ຄວາມຄືບໜ້າ',
  lessonsDone: (a: string, b: string) => `ຮຽນແລ້ວ ${a} ໃນ ${b} ບົດ`,
  lessonProgress: (a: string, b: string) => `ບົດທີ ${a} ໃນ ${b}`,
  imageMissing: 'ຮູບພາບ:',
  attempt: (n: string) => `ເທື່ອທີ ${n}`,
  note: 'ຂໍ້ສັງເກດ',
  tip: 'ຄຳແນະນຳ',
  warning: 'ຄຳເຕືອນ',
  important: 'ສຳຄັນ',
  opensNewTab: '(ເປີດໃນແຖບໃໝ່)',
  chooseFirst: 'ກະລຸນາເລືອກຄຳຕອບກ່ອນ.',
  rightAnswer: 'ຄຳຕອບທີ່ຖືກ',
  rightOrder: 'ລຳດັບທີ່ຖືກ:',
  answered: 'ບັນທຶກຄຳຕອບແລ້ວ.',
  certificateLink: 'ເບິ່ງ ແລະ ພິມໃບຢັ້ງຢືນຂອງທ່ານ',
  joinFirst: 'ເພື່ອບັນທຶກຄວາມຄືບໜ້າຂອງທ່ານ, ກະລຸນາເຂົ້າຮ່ວມການຝຶກອົບຮົມຂອງທ່ານກ່ອນ.',
  launchExpired: 'ລິ້ງນີ້ໝົດອາຍຸແລ້ວ. ກະລຸນາເປີດຫຼັກສູດຄືນໃໝ່ຈາກເວັບໄຊທີ່ທ່ານເຂົ້າມາ.',
  launchFailed: 'ບໍ່ສາມາດເລີ່ມຫຼັກສູດໄດ້. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.',
  exit: 'ອອກຈາກຫຼັກສູດ',
} as const;

export type Messages = { [K in keyof typeof lo]: (typeof lo)[K] extends string ? string : (typeof lo)[K] };

let en: Messages | undefined;
let enLoading: Promise<void> | undefined;

/** The UI strings of `lang`: Lao until the English ones are loaded (loadMessages). */
export const messages = (lang: Lang): Messages => (lang === 'en' && en) || lo;

/**
 * Loads `lang`'s UI strings if they are not here yet; undefined when they are. The English
 * ones are their own chunk (i18n-en.ts), loaded when an element first shows English: most
 * learners read Lao, and the first lesson's budget is tight (DESIGN §10).
 */
export function loadMessages(lang: Lang): Promise<void> | undefined {
  if (lang !== 'en' || en) return undefined;
  return (enLoading ??= import('./i18n-en.js').then(
    (m) => void (en = m.en),
    (err: unknown) => {
      enLoading = undefined;
      throw err;
    },
  ));
}


const locale = (lang: Lang) => (lang === 'lo' ? 'lo-LA' : 'en');

/** A whole number in the learner's locale. */
export const num = (lang: Lang, n: number): string => new Intl.NumberFormat(locale(lang)).format(n);

/** A 0..1 share as a percentage in the learner's locale. */
export const pct = (lang: Lang, share: number): string =>
  new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** A byte count as kB/MB. */
export const bytes = (lang: Lang, n: number): string => {
  const mb = n >= 1_000_000;
  return new Intl.NumberFormat(locale(lang), {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? n / 1_000_000 : Math.max(1, n / 1000));
};
