// The strings of <champa-reports>, Lao and English. Report and measure names follow the export
// labels (server/reports/labels.ts) so that the page and its files say the same thing; Lao
// terms from the glossary (domain-research §3) where it has them. Every Lao string here is
// machine-drafted and awaits review by a native speaker.
import type { ItemFlag, ReportName, SexKey, Stage } from './types.js';

type Plural = (n: string, count: number) => string;

interface Strings {
  reports: string;
  titles: Record<ReportName, string>;
  blurbs: Record<ReportName, string>;
  stages: Record<Stage, string>;
  sexes: Record<SexKey, string>;
  /** "60 people, 21 women": a count of people with its women, the field's way. */
  peopleWomen: (total: string, women: string, totalN: number, womenN: number) => string;
  people: Plural;
  filters: string;
  course: string;
  allCourses: string;
  chooseCourse: string;
  cohort: string;
  allCohorts: string;
  organisation: string;
  allOrganisations: string;
  province: string;
  allProvinces: string;
  district: string;
  allDistricts: string;
  period: string;
  allTime: string;
  byQuarter: string;
  byDates: string;
  quarter: string;
  quarterHint: string;
  from: string;
  to: string;
  minGain: string;
  minGainHint: string;
  expiringWithinDays: string;
  expiringHint: string;
  assessment: string;
  allAssessments: string;
  assessments: Record<string, string>;
  moduleQuiz: (module: string) => string;
  show: string;
  loading: string;
  retry: string;
  network: string;
  failed: string;
  filterProblem: string;
  optionsFailed: string;
  needCourse: string;
  unknownReport: string;
  nobody: string;
  periodIs: (from: string, to: string) => string;
  periodAllTime: string;
  generated: (when: string) => string;
  download: string;
  csv: string;
  xlsx: string;
  suppression: (k: number) => string;
  noSuppression: string;
  stage: string;
  measure: string;
  allCoursesOnce: string;
  perCourse: string;
  stagesChart: string;
  noCertificate: string;
  // learning gain
  noGainCourses: string;
  gainLead: (paired: string, gain: string) => string;
  gainChart: string;
  preMean: string;
  postMean: string;
  pretestPeople: string;
  pretestMean: string;
  posttestPeople: string;
  posttestMean: string;
  posttestPassed: string;
  pairedPeople: string;
  pairedPre: string;
  pairedPost: string;
  gainMean: string;
  gainedAtLeast: (g: string) => string;
  points: (signed: string) => string;
  noTests: string;
  // certification
  noCertCourses: string;
  certLead: string;
  passRateChart: string;
  passRate: string;
  issued: string;
  revoked: string;
  certified: string;
  finalSat: string;
  finalPassed: string;
  meanAttempts: string;
  valid: string;
  expiringSoon: (days: string) => string;
  expired: string;
  asOf: (when: string) => string;
  // items
  itemsIntro: string;
  difficultyHelp: string;
  discriminationHelp: (low: string, share: string) => string;
  itemsCount: (n: string, flagged: string) => string;
  noItems: string;
  answered: string;
  correct: string;
  difficulty: string;
  discrimination: string;
  pointBiserial: string;
  upperLower: string;
  notMeasured: string;
  question: string;
  types: Record<string, string>;
  flagNames: Record<ItemFlag, string>;
  flagHelp: (flag: ItemFlag, t: { minResponses: string; tooEasy: string; tooHard: string; low: string }) => string;
  noFlags: string;
  // roll-up
  rollupStage: string;
  place: string;
  centre: string;
  wholeCountry: string;
  notStated: string;
  expand: (place: string) => string;
  expandAll: string;
  collapseAll: string;
  rollupChart: (stage: string) => string;
  rollupTable: (stage: string) => string;
  nobodyAnywhere: string;
  trainerScope: string;
}

const lo: Strings = {
  reports: 'ລາຍງານ',
  titles: {
    participation: 'ການເຂົ້າຮ່ວມ',
    'learning-gain': 'ຜົນການຮຽນຮູ້',
    certification: 'ໃບຢັ້ງຢືນ',
    items: 'ການວິເຄາະຄຳຖາມ',
    rollup: 'ສັງລວມ ສູນກາງ, ແຂວງ, ເມືອງ',
  },
  blurbs: {
    participation: 'ຈຳນວນຄົນທີ່ລົງທະບຽນ, ເລີ່ມຮຽນ, ຮຽນສຳເລັດ, ເສັງຜ່ານ ແລະ ໄດ້ຮັບໃບຢັ້ງຢືນ, ແຍກຕາມເພດ.',
    'learning-gain': 'ຄະແນນສະເລ່ຍຂອງແບບທົດສອບກ່ອນຮຽນ ແລະ ຫຼັງຮຽນ ແລະ ຄະແນນທີ່ເພີ່ມຂຶ້ນ, ແຍກຕາມເພດ.',
    certification: 'ໃບຢັ້ງຢືນທີ່ອອກໃຫ້, ອັດຕາເສັງຜ່ານ ແລະ ໃບຢັ້ງຢືນທີ່ໃກ້ໝົດອາຍຸ, ແຍກຕາມເພດ.',
    items: 'ຄວາມຍາກ ແລະ ການຈຳແນກຂອງແຕ່ລະຄຳຖາມ ໃນຫຼັກສູດດຽວ.',
    rollup: 'ຈຳນວນຄົນຢູ່ສູນກາງ, ແຕ່ລະແຂວງ ແລະ ແຕ່ລະເມືອງ, ແຍກຕາມເພດ.',
  },
  stages: { enrolled: 'ລົງທະບຽນ', started: 'ເລີ່ມຮຽນ', completed: 'ຮຽນສຳເລັດ', passed: 'ເສັງຜ່ານ', certified: 'ໄດ້ຮັບໃບຢັ້ງຢືນ' },
  sexes: { female: 'ຍິງ', male: 'ຊາຍ', otherOrNotStated: 'ອື່ນໆ ຫຼື ບໍ່ລະບຸ', total: 'ລວມ' },
  peopleWomen: (total, women) => `${total} ຄົນ, ຍິງ ${women} ຄົນ`,
  people: (n) => `${n} ຄົນ`,
  filters: 'ເງື່ອນໄຂ',
  course: 'ຫຼັກສູດ',
  allCourses: 'ທຸກຫຼັກສູດ',
  chooseCourse: 'ເລືອກຫຼັກສູດ',
  cohort: 'ຊຸດຝຶກອົບຮົມ',
  allCohorts: 'ທຸກຊຸດຝຶກອົບຮົມ',
  organisation: 'ອົງການ',
  allOrganisations: 'ທຸກອົງການ',
  province: 'ແຂວງ',
  allProvinces: 'ທຸກແຂວງ',
  district: 'ເມືອງ',
  allDistricts: 'ທຸກເມືອງ',
  period: 'ໄລຍະເວລາ',
  allTime: 'ທັງໝົດ',
  byQuarter: 'ໄຕມາດ',
  byDates: 'ລະຫວ່າງວັນທີ',
  quarter: 'ໄຕມາດ',
  quarterHint: 'ເຊັ່ນ 2026-Q3 (ກໍລະກົດ–ກັນຍາ 2026) ຫຼື ສົກປີງົບປະມານສະຫະລັດ FY2026-Q1 (ຕຸລາ–ທັນວາ 2025).',
  from: 'ແຕ່ວັນທີ',
  to: 'ຫາວັນທີ',
  minGain: 'ນັບຄົນທີ່ຄະແນນເພີ່ມຂຶ້ນຢ່າງໜ້ອຍ',
  minGainHint: 'ສ່ວນຂອງຄະແນນເຕັມ, 0 ຫາ 1 (0.2 = 20 ຈຸດສ່ວນຮ້ອຍ). ຖ້າບໍ່ໃສ່: 0.2.',
  expiringWithinDays: 'ໃບຢັ້ງຢືນທີ່ຈະໝົດອາຍຸພາຍໃນ (ມື້)',
  expiringHint: 'ຖ້າບໍ່ໃສ່: 90 ມື້.',
  assessment: 'ແບບທົດສອບ',
  allAssessments: 'ທຸກແບບທົດສອບ',
  assessments: {
    pretest: 'ແບບທົດສອບກ່ອນຮຽນ',
    posttest: 'ແບບທົດສອບຫຼັງຮຽນ',
    final: 'ການສອບເສັງທ້າຍຫຼັກສູດ',
    check: 'ຄຳຖາມກວດຄວາມເຂົ້າໃຈໃນບົດຮຽນ',
    unknown: 'ບໍ່ຮູ້ແບບທົດສອບ',
  },
  moduleQuiz: (m) => `ແບບທົດສອບທ້າຍພາກ: ${m}`,
  show: 'ສະແດງລາຍງານ',
  loading: 'ກຳລັງໂຫຼດລາຍງານ…',
  retry: 'ລອງໃໝ່',
  network: 'ຕິດຕໍ່ເຊີບເວີບໍ່ໄດ້. ກວດເບິ່ງການເຊື່ອມຕໍ່ ແລ້ວລອງໃໝ່.',
  failed: 'ໂຫຼດລາຍງານບໍ່ໄດ້:',
  filterProblem: 'ເງື່ອນໄຂບໍ່ຖືກຕ້ອງ:',
  optionsFailed: 'ໂຫຼດລາຍການໃຫ້ເລືອກບາງອັນບໍ່ໄດ້:',
  needCourse: 'ເລືອກຫຼັກສູດກ່ອນ: ການວິເຄາະຄຳຖາມເບິ່ງຄຳຖາມຂອງຫຼັກສູດດຽວ.',
  unknownReport: 'ບໍ່ມີລາຍງານນີ້. ເລືອກລາຍງານຈາກລາຍການ.',
  nobody: 'ບໍ່ມີໃຜຕາມເງື່ອນໄຂນີ້.',
  periodIs: (from, to) => `ໄລຍະເວລາ: ${from} – ${to} (ເວລາລາວ)`,
  periodAllTime: 'ໄລຍະເວລາ: ທັງໝົດ',
  generated: (when) => `ສ້າງເມື່ອ ${when}`,
  download: 'ດາວໂຫຼດລາຍງານນີ້',
  csv: 'CSV',
  xlsx: 'Excel (XLSX)',
  suppression: (k) => `ໃນໄຟລ໌ ຕົວເລກທີ່ໜ້ອຍກວ່າ ${k} ຄົນ ຈະຖືກປິດໄວ້ (<${k}, x) ເພື່ອປົກປ້ອງຂໍ້ມູນສ່ວນບຸກຄົນ.`,
  noSuppression: 'ໃນໄຟລ໌ ທຸກຕົວເລກຈະສະແດງ (ບໍ່ມີການປິດຕົວເລກນ້ອຍ).',
  stage: 'ຂັ້ນຕອນ',
  measure: 'ຕົວຊີ້ວັດ',
  allCoursesOnce: 'ທຸກຫຼັກສູດ (ນັບແຕ່ລະຄົນເທື່ອດຽວ)',
  perCourse: 'ແຕ່ລະຫຼັກສູດ',
  stagesChart: 'ຈຳນວນຄົນໃນແຕ່ລະຂັ້ນຕອນ, ແຍກຕາມເພດ',
  noCertificate: 'ຫຼັກສູດນີ້ບໍ່ມີໃບຢັ້ງຢືນ.',
  noGainCourses: 'ບໍ່ມີຫຼັກສູດທີ່ມີແບບທົດສອບກ່ອນຮຽນ ແລະ ຫຼັງຮຽນ ຕາມເງື່ອນໄຂນີ້.',
  gainLead: (paired, gain) => `ເສັງທັງສອງແບບທົດສອບ: ${paired}. ຄະແນນເພີ່ມຂຶ້ນສະເລ່ຍ ${gain}.`,
  gainChart: 'ຄະແນນສະເລ່ຍກ່ອນຮຽນ ແລະ ຫຼັງຮຽນ ຂອງຄົນທີ່ເສັງທັງສອງ, ແຍກຕາມເພດ',
  preMean: 'ກ່ອນຮຽນ',
  postMean: 'ຫຼັງຮຽນ',
  pretestPeople: 'ແບບທົດສອບກ່ອນຮຽນ: ຈຳນວນຄົນ',
  pretestMean: 'ແບບທົດສອບກ່ອນຮຽນ: ຄະແນນສະເລ່ຍ',
  posttestPeople: 'ແບບທົດສອບຫຼັງຮຽນ: ຈຳນວນຄົນ',
  posttestMean: 'ແບບທົດສອບຫຼັງຮຽນ: ຄະແນນສະເລ່ຍ',
  posttestPassed: 'ແບບທົດສອບຫຼັງຮຽນ: ໄດ້ຄະແນນຜ່ານ',
  pairedPeople: 'ເສັງທັງສອງແບບທົດສອບ: ຈຳນວນຄົນ',
  pairedPre: 'ເສັງທັງສອງ: ຄະແນນສະເລ່ຍກ່ອນຮຽນ',
  pairedPost: 'ເສັງທັງສອງ: ຄະແນນສະເລ່ຍຫຼັງຮຽນ',
  gainMean: 'ເສັງທັງສອງ: ຄະແນນທີ່ເພີ່ມຂຶ້ນສະເລ່ຍ',
  gainedAtLeast: (g) => `ເສັງທັງສອງ: ຄະແນນເພີ່ມຂຶ້ນຢ່າງໜ້ອຍ ${g}`,
  points: (signed) => `${signed} ຈຸດສ່ວນຮ້ອຍ`,
  noTests: 'ຍັງບໍ່ມີໃຜເສັງແບບທົດສອບຕາມເງື່ອນໄຂນີ້.',
  noCertCourses: 'ບໍ່ມີຫຼັກສູດທີ່ມີໃບຢັ້ງຢືນ ຕາມເງື່ອນໄຂນີ້.',
  certLead: 'ຜູ້ໄດ້ຮັບໃບຢັ້ງຢືນ',
  passRateChart: 'ອັດຕາເສັງຜ່ານການສອບເສັງທ້າຍຫຼັກສູດ (ຜູ້ເສັງຜ່ານ / ຜູ້ເຂົ້າເສັງ), ແຍກຕາມເພດ',
  passRate: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ອັດຕາເສັງຜ່ານ',
  issued: 'ໃບຢັ້ງຢືນທີ່ອອກໃຫ້',
  revoked: 'ໃບຢັ້ງຢືນທີ່ອອກໃຫ້ ແລະ ຖືກຖອນຄືນແລ້ວ',
  certified: 'ຜູ້ໄດ້ຮັບໃບຢັ້ງຢືນ',
  finalSat: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ຜູ້ເຂົ້າເສັງ',
  finalPassed: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ຜູ້ເສັງຜ່ານ',
  meanAttempts: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ຈຳນວນຄັ້ງທີ່ເສັງສະເລ່ຍ',
  valid: 'ໃບຢັ້ງຢືນທີ່ຍັງໃຊ້ໄດ້ມື້ນີ້',
  expiringSoon: (d) => `ໃບຢັ້ງຢືນຈະໝົດອາຍຸພາຍໃນ ${d} ມື້`,
  expired: 'ໃບຢັ້ງຢືນໝົດອາຍຸແລ້ວ (ຕ້ອງຮຽນທົບທວນ)',
  asOf: (when) => `ສະຖານະຂອງໃບຢັ້ງຢືນ ນັບຮອດ ${when}.`,
  itemsIntro: 'ແຕ່ລະຄຳຖາມ ນັບຄຳຕອບທຳອິດຂອງແຕ່ລະຄົນເທົ່ານັ້ນ (ການເສັງຄືນບໍ່ນັບ).',
  difficultyHelp: 'ຄວາມຍາກ p: ສັດສ່ວນຂອງຄົນທີ່ຕອບຖືກ (ສູງ = ງ່າຍ).',
  discriminationHelp: (low, share) =>
    `ການຈຳແນກ: ຄຳຖາມແຍກຄົນທີ່ໄດ້ຄະແນນສູງ ອອກຈາກຄົນທີ່ໄດ້ຄະແນນຕ່ຳ ໄດ້ດີປານໃດ (point-biserial; ກຸ່ມເທິງ-ລຸ່ມ: p ຂອງ ${share} ເທິງ ລົບ p ຂອງ ${share} ລຸ່ມ). ຕ່ຳກວ່າ ${low} ແມ່ນອ່ອນ; ຕ່ຳກວ່າ 0 ອາດແມ່ນຄຳຕອບທີ່ຖືກຕັ້ງຜິດ.`,
  itemsCount: (n, flagged) => `${n} ຄຳຖາມ, ມີຂໍ້ສັງເກດ ${flagged} ຄຳຖາມ.`,
  noItems: 'ຍັງບໍ່ມີໃຜຕອບຄຳຖາມຂອງຫຼັກສູດນີ້ ຕາມເງື່ອນໄຂນີ້.',
  answered: 'ຕອບ',
  correct: 'ຕອບຖືກ',
  difficulty: 'ຄວາມຍາກ p',
  discrimination: 'ການຈຳແນກ',
  pointBiserial: 'point-biserial',
  upperLower: 'ກຸ່ມເທິງ-ລຸ່ມ',
  notMeasured: 'ວັດບໍ່ໄດ້ (ບໍ່ມີຄະແນນ ຫຼື ຄະແນນບໍ່ແຕກຕ່າງກັນ)',
  question: 'ຄຳຖາມ',
  types: {
    single: 'ເລືອກຄຳຕອບດຽວ',
    multiple: 'ເລືອກຫຼາຍຄຳຕອບ',
    'true-false': 'ຖືກ ຫຼື ຜິດ',
    ordering: 'ລຽງລຳດັບ',
    matching: 'ຈັບຄູ່',
    scenario: 'ສະຖານະການ',
  },
  flagNames: {
    'few-responses': 'ຄຳຕອບໜ້ອຍເກີນໄປ',
    'too-easy': 'ງ່າຍເກີນໄປ',
    'too-hard': 'ຍາກເກີນໄປ',
    'negative-discrimination': 'ການຈຳແນກຕິດລົບ',
    'low-discrimination': 'ການຈຳແນກຕ່ຳ',
  },
  flagHelp: (flag, t) =>
    ({
      'few-responses': `ມີຄົນຕອບໜ້ອຍກວ່າ ${t.minResponses} ຄົນ: ອ່ານຕົວເລກອື່ນດ້ວຍຄວາມລະມັດລະວັງ.`,
      'too-easy': `${t.tooEasy} ຫຼື ຫຼາຍກວ່ານັ້ນຕອບຖືກ: ຄຳຖາມນີ້ແຍກຄົນໄດ້ໜ້ອຍ.`,
      'too-hard': `ໜ້ອຍກວ່າ ${t.tooHard} ຕອບຖືກ (ຫຼື ໜ້ອຍກວ່າການເດົາ): ກວດຄຳຕອບທີ່ຖືກ ແລະ ຖ້ອຍຄຳຂອງຄຳຖາມ.`,
      'negative-discrimination': 'ຄົນທີ່ໄດ້ຄະແນນສູງ ຕອບຜິດຫຼາຍກວ່າຄົນທີ່ໄດ້ຄະແນນຕ່ຳ: ກວດຄຳຕອບທີ່ຖືກ.',
      'low-discrimination': `ການຈຳແນກຕ່ຳກວ່າ ${t.low}: ຄຳຖາມນີ້ແທບບໍ່ແຍກຄົນທີ່ຮູ້ດີ ອອກຈາກຄົນທີ່ຮູ້ໜ້ອຍ.`,
    })[flag],
  noFlags: 'ບໍ່ມີຂໍ້ສັງເກດ.',
  rollupStage: 'ສະແດງຂັ້ນຕອນ',
  place: 'ສະຖານທີ່',
  centre: 'ສູນກາງ',
  wholeCountry: 'ທົ່ວປະເທດ',
  notStated: 'ບໍ່ລະບຸ',
  expand: (p) => `ສະແດງເມືອງຂອງ ${p}`,
  expandAll: 'ສະແດງທຸກເມືອງ',
  collapseAll: 'ເຊື່ອງທຸກເມືອງ',
  rollupChart: (s) => `ຈຳນວນຄົນ (${s}) ຕາມແຂວງ, ແຍກຕາມເພດ`,
  rollupTable: (s) => `${s}: ສູນກາງ, ແຂວງ ແລະ ເມືອງ`,
  nobodyAnywhere: 'ບໍ່ມີໃຜໃນແຂວງໃດ ຕາມເງື່ອນໄຂນີ້.',
  trainerScope: 'ທ່ານເຫັນສະເພາະຄົນຂອງອົງການ ແລະ ຊຸດຝຶກອົບຮົມຂອງທ່ານ.',
};

const en: Strings = {
  reports: 'Reports',
  titles: {
    participation: 'Participation',
    'learning-gain': 'Learning gain',
    certification: 'Certification',
    items: 'Item analysis',
    rollup: 'Roll-up: centre, province, district',
  },
  blurbs: {
    participation: 'How many people enrolled, started, completed, passed and were certified, split by sex.',
    'learning-gain': 'Mean pre-test and post-test scores and the gain between them, split by sex.',
    certification: 'Certificates issued, the final exam pass rate, and certificates expiring, split by sex.',
    items: 'How hard each question of one course is, and how well it tells stronger from weaker learners.',
    rollup: 'People at the centre, in each province and in each district, split by sex.',
  },
  stages: { enrolled: 'Enrolled', started: 'Started', completed: 'Completed', passed: 'Passed', certified: 'Certified' },
  sexes: { female: 'Women', male: 'Men', otherOrNotStated: 'Other or not stated', total: 'Total' },
  peopleWomen: (total, women, totalN, womenN) => `${total} ${totalN === 1 ? 'person' : 'people'}, ${women} ${womenN === 1 ? 'woman' : 'women'}`,
  people: (n, count) => `${n} ${count === 1 ? 'person' : 'people'}`,
  filters: 'Filters',
  course: 'Course',
  allCourses: 'All courses',
  chooseCourse: 'Choose a course',
  cohort: 'Cohort',
  allCohorts: 'All cohorts',
  organisation: 'Organisation',
  allOrganisations: 'All organisations',
  province: 'Province',
  allProvinces: 'All provinces',
  district: 'District',
  allDistricts: 'All districts',
  period: 'Period',
  allTime: 'All time',
  byQuarter: 'A quarter',
  byDates: 'Between dates',
  quarter: 'Quarter',
  quarterHint: 'E.g. 2026-Q3 (July–September 2026), or a US fiscal quarter such as FY2026-Q1 (October–December 2025).',
  from: 'From',
  to: 'To',
  minGain: 'Count people who gained at least',
  minGainHint: 'A share of the maximum score, 0 to 1 (0.2 = 20 percentage points). Empty: 0.2.',
  expiringWithinDays: 'Certificates expiring within (days)',
  expiringHint: 'Empty: 90 days.',
  assessment: 'Assessment',
  allAssessments: 'All assessments',
  assessments: {
    pretest: 'Pre-test',
    posttest: 'Post-test',
    final: 'Final exam',
    check: 'Knowledge checks in lessons',
    unknown: 'Unknown assessment',
  },
  moduleQuiz: (m) => `Module quiz: ${m}`,
  show: 'Show report',
  loading: 'Loading the report…',
  retry: 'Try again',
  network: 'Could not reach the server. Check the connection and try again.',
  failed: 'The report could not be loaded:',
  filterProblem: 'A filter is not right:',
  optionsFailed: 'Some lists to choose from could not be loaded:',
  needCourse: 'Choose a course: item analysis looks at the questions of one course.',
  unknownReport: 'There is no such report. Choose one from the list.',
  nobody: 'No one in these filters.',
  periodIs: (from, to) => `Period: ${from} – ${to} (Lao dates)`,
  periodAllTime: 'Period: all time',
  generated: (when) => `Generated ${when}`,
  download: 'Download this report',
  csv: 'CSV',
  xlsx: 'Excel (XLSX)',
  suppression: (k) => `In the files, counts below ${k} people are hidden (<${k}, x) to protect individuals.`,
  noSuppression: 'In the files, every count is shown (no small-cell suppression).',
  stage: 'Stage',
  measure: 'Measure',
  allCoursesOnce: 'All courses (each person once)',
  perCourse: 'Per course',
  stagesChart: 'People at each stage, by sex',
  noCertificate: 'This course gives no certificate.',
  noGainCourses: 'No course with a pre-test and post-test in these filters.',
  gainLead: (paired, gain) => `Sat both tests: ${paired}. Mean gain ${gain}.`,
  gainChart: 'Mean pre-test and post-test score of the people who sat both, by sex',
  preMean: 'Pre-test',
  postMean: 'Post-test',
  pretestPeople: 'Pre-test: people',
  pretestMean: 'Pre-test: mean score',
  posttestPeople: 'Post-test: people',
  posttestMean: 'Post-test: mean score',
  posttestPassed: 'Post-test: reached the pass mark',
  pairedPeople: 'Sat both tests: people',
  pairedPre: 'Sat both: mean pre-test score',
  pairedPost: 'Sat both: mean post-test score',
  gainMean: 'Sat both: mean gain',
  gainedAtLeast: (g) => `Sat both: gained at least ${g}`,
  points: (signed) => `${signed} percentage points`,
  noTests: 'No one has sat the tests in these filters yet.',
  noCertCourses: 'No certifying course in these filters.',
  certLead: 'People certified',
  passRateChart: 'Final exam pass rate (passed / sat), by sex',
  passRate: 'Final exam: pass rate',
  issued: 'Certificates issued',
  revoked: 'Certificates issued, since revoked',
  certified: 'People certified',
  finalSat: 'Final exam: people who sat it',
  finalPassed: 'Final exam: people who passed',
  meanAttempts: 'Final exam: mean attempts',
  valid: 'Holding a valid certificate today',
  expiringSoon: (d) => `Certificate expires within ${d} days`,
  expired: 'Certificate expired (refresher due)',
  asOf: (when) => `Certificate status as of ${when}.`,
  itemsIntro: "Each question counts each person's first answer only (re-takes do not count).",
  difficultyHelp: 'Difficulty p: the share of people who answered correctly (higher is easier).',
  discriminationHelp: (low, share) =>
    `Discrimination: how well the question separates people with high and low scores on the same test (point-biserial correlation; upper–lower: p in the top ${share} minus p in the bottom ${share}). Below ${low} is weak; below 0 may mean a wrong answer key.`,
  itemsCount: (n, flagged) => `${n} questions, ${flagged} with a flag.`,
  noItems: 'No one has answered the questions of this course in these filters yet.',
  answered: 'Answered',
  correct: 'Correct',
  difficulty: 'Difficulty p',
  discrimination: 'Discrimination',
  pointBiserial: 'point-biserial',
  upperLower: 'upper–lower',
  notMeasured: 'not measured (no scores, or no spread in them)',
  question: 'Question',
  types: {
    single: 'single choice',
    multiple: 'multiple choice',
    'true-false': 'true or false',
    ordering: 'ordering',
    matching: 'matching',
    scenario: 'scenario',
  },
  flagNames: {
    'few-responses': 'Few responses',
    'too-easy': 'Too easy',
    'too-hard': 'Too hard',
    'negative-discrimination': 'Negative discrimination',
    'low-discrimination': 'Low discrimination',
  },
  flagHelp: (flag, t) =>
    ({
      'few-responses': `fewer than ${t.minResponses} people answered it; read the other figures with care.`,
      'too-easy': `${t.tooEasy} or more answered correctly, so it tells people apart little.`,
      'too-hard': `fewer than ${t.tooHard} answered correctly (or fewer than guessing would get); check the answer key and the wording.`,
      'negative-discrimination': 'people with higher scores got it wrong more often than people with lower scores; check the answer key.',
      'low-discrimination': `discrimination below ${t.low}: it barely separates people who know the subject from people who do not.`,
    })[flag],
  noFlags: 'No flags.',
  rollupStage: 'Show the stage',
  place: 'Place',
  centre: 'Centre',
  wholeCountry: 'Whole country',
  notStated: 'Not stated',
  expand: (p) => `Show the districts of ${p}`,
  expandAll: 'Show all districts',
  collapseAll: 'Hide all districts',
  rollupChart: (s) => `People (${s}) by province, by sex`,
  rollupTable: (s) => `${s}: centre, provinces and districts`,
  nobodyAnywhere: 'No one in any province in these filters.',
  trainerScope: 'You see the people of your organisations and cohorts only.',
};

export const STRINGS = { lo, en };
export type ReportStrings = Strings;
