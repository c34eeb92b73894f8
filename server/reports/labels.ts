// Lao and English labels of report exports. Lao terms follow domain-research §3 where the
// glossary has them (ຍິງ, ຜູ້ເຂົ້າຮ່ວມ, ໃບຢັ້ງຢືນ, ສູນກາງ / ແຂວງ / ເມືອງ, ການຝຶກອົບຮົມ) and the
// player's strings otherwise (ແບບທົດສອບກ່ອນຮຽນ, ແບບທົດສອບຫຼັງຮຽນ, ການສອບເສັງທ້າຍຫຼັກສູດ); the
// rest are general usage (◐) awaiting a Lao reviewer, as README-reports says.
import type { Text } from './suppress.js';
import type { Stage } from './participation.js';
import type { SexKey } from './counts.js';
import type { ItemFlag } from './items.js';

export const TITLES: Record<'participation' | 'learning-gain' | 'certification' | 'items' | 'rollup', Text> = {
  participation: { lo: 'ການເຂົ້າຮ່ວມການຝຶກອົບຮົມ', en: 'Participation' },
  'learning-gain': { lo: 'ຜົນການຮຽນຮູ້: ແບບທົດສອບກ່ອນຮຽນ ແລະ ຫຼັງຮຽນ', en: 'Learning gain: pre-test and post-test' },
  certification: { lo: 'ໃບຢັ້ງຢືນ', en: 'Certification' },
  items: { lo: 'ການວິເຄາະຄຳຖາມ', en: 'Item analysis' },
  rollup: { lo: 'ສັງລວມ ສູນກາງ, ແຂວງ, ເມືອງ', en: 'Roll-up: centre, province, district' },
};

export const STAGE_LABELS: Record<Stage, Text> = {
  enrolled: { lo: 'ລົງທະບຽນ', en: 'Enrolled' },
  started: { lo: 'ເລີ່ມຮຽນ', en: 'Started' },
  completed: { lo: 'ຮຽນສຳເລັດ', en: 'Completed' },
  passed: { lo: 'ເສັງຜ່ານ', en: 'Passed' },
  certified: { lo: 'ໄດ້ຮັບໃບຢັ້ງຢືນ', en: 'Certified' },
};

export const SEX_LABELS: Record<SexKey, Text> = {
  female: { lo: 'ຍິງ', en: 'Women' },
  male: { lo: 'ຊາຍ', en: 'Men' },
  otherOrNotStated: { lo: 'ອື່ນໆ ຫຼື ບໍ່ລະບຸ', en: 'Other or not stated' },
  total: { lo: 'ລວມ', en: 'Total' },
};

export const L = {
  course: { lo: 'ຫຼັກສູດ', en: 'Course' },
  allCourses: { lo: 'ທຸກຫຼັກສູດ (ນັບແຕ່ລະຄົນເທື່ອດຽວ)', en: 'All courses (each person once)' },
  stage: { lo: 'ຂັ້ນຕອນ', en: 'Stage' },
  measure: { lo: 'ຕົວຊີ້ວັດ', en: 'Measure' },
  level: { lo: 'ຂັ້ນ', en: 'Level' },
  code: { lo: 'ລະຫັດ', en: 'Code' },
  place: { lo: 'ສະຖານທີ່', en: 'Place' },
  centre: { lo: 'ສູນກາງ', en: 'Centre' },
  province: { lo: 'ແຂວງ', en: 'Province' },
  district: { lo: 'ເມືອງ', en: 'District' },
  notStated: { lo: 'ບໍ່ລະບຸ', en: 'Not stated' },
  wholeCountry: { lo: 'ທົ່ວປະເທດ', en: 'Whole country' },
  pretestPeople: { lo: 'ແບບທົດສອບກ່ອນຮຽນ: ຈຳນວນຄົນ', en: 'Pre-test: people' },
  pretestMean: { lo: 'ແບບທົດສອບກ່ອນຮຽນ: ຄະແນນສະເລ່ຍ', en: 'Pre-test: mean score' },
  posttestPeople: { lo: 'ແບບທົດສອບຫຼັງຮຽນ: ຈຳນວນຄົນ', en: 'Post-test: people' },
  posttestMean: { lo: 'ແບບທົດສອບຫຼັງຮຽນ: ຄະແນນສະເລ່ຍ', en: 'Post-test: mean score' },
  posttestPassed: { lo: 'ແບບທົດສອບຫຼັງຮຽນ: ໄດ້ຄະແນນຜ່ານ', en: 'Post-test: reached the pass mark' },
  pairedPeople: { lo: 'ເສັງທັງສອງແບບທົດສອບ: ຈຳນວນຄົນ', en: 'Sat both tests: people' },
  pairedPre: { lo: 'ເສັງທັງສອງ: ຄະແນນສະເລ່ຍກ່ອນຮຽນ', en: 'Sat both: mean pre-test score' },
  pairedPost: { lo: 'ເສັງທັງສອງ: ຄະແນນສະເລ່ຍຫຼັງຮຽນ', en: 'Sat both: mean post-test score' },
  gainMean: { lo: 'ເສັງທັງສອງ: ຄະແນນທີ່ເພີ່ມຂຶ້ນສະເລ່ຍ', en: 'Sat both: mean gain' },
  gainedAtLeast: (g: number) => ({ lo: `ເສັງທັງສອງ: ຄະແນນເພີ່ມຂຶ້ນຢ່າງໜ້ອຍ ${g}`, en: `Sat both: gained at least ${g}` }),
  issued: { lo: 'ໃບຢັ້ງຢືນທີ່ອອກໃຫ້', en: 'Certificates issued' },
  revoked: { lo: 'ໃບຢັ້ງຢືນທີ່ອອກໃຫ້ ແລະ ຖືກຖອນຄືນແລ້ວ', en: 'Certificates issued, since revoked' },
  certified: { lo: 'ຜູ້ໄດ້ຮັບໃບຢັ້ງຢືນ', en: 'People certified' },
  finalSat: { lo: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ຜູ້ເຂົ້າເສັງ', en: 'Final exam: people who sat it' },
  finalPassed: { lo: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ຜູ້ເສັງຜ່ານ', en: 'Final exam: people who passed' },
  passRate: { lo: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ອັດຕາເສັງຜ່ານ', en: 'Final exam: pass rate' },
  meanAttempts: { lo: 'ການສອບເສັງທ້າຍຫຼັກສູດ: ຈຳນວນຄັ້ງທີ່ເສັງສະເລ່ຍ', en: 'Final exam: mean attempts' },
  valid: { lo: 'ໃບຢັ້ງຢືນທີ່ຍັງໃຊ້ໄດ້ມື້ນີ້', en: 'Holding a valid certificate today' },
  expiringSoon: (days: number) => ({ lo: `ໃບຢັ້ງຢືນຈະໝົດອາຍຸພາຍໃນ ${days} ມື້`, en: `Certificate expires within ${days} days` }),
  expired: { lo: 'ໃບຢັ້ງຢືນໝົດອາຍຸແລ້ວ (ຕ້ອງຮຽນທົບທວນ)', en: 'Certificate expired (refresher due)' },
  assessment: { lo: 'ແບບທົດສອບ', en: 'Assessment' },
  question: { lo: 'ລະຫັດຄຳຖາມ', en: 'Question id' },
  prompt: { lo: 'ຄຳຖາມ', en: 'Question' },
  type: { lo: 'ປະເພດ', en: 'Type' },
  answered: { lo: 'ຕອບ', en: 'Answered' },
  correct: { lo: 'ຕອບຖືກ', en: 'Correct' },
  difficulty: { lo: 'ຄວາມຍາກ p (ສັດສ່ວນທີ່ຕອບຖືກ)', en: 'Difficulty p (share correct)' },
  pointBiserial: { lo: 'ການຈຳແນກ (point-biserial)', en: 'Discrimination (point-biserial)' },
  upperLower: { lo: 'ການຈຳແນກ (ກຸ່ມເທິງ-ລຸ່ມ 27%)', en: 'Discrimination (upper-lower 27%)' },
  flags: { lo: 'ຂໍ້ສັງເກດ', en: 'Flags' },
  filters: { lo: 'ເງື່ອນໄຂ', en: 'Filters' },
  period: { lo: 'ໄລຍະເວລາ', en: 'Period' },
  allTime: { lo: 'ທັງໝົດ', en: 'all time' },
  generated: { lo: 'ສ້າງເມື່ອ', en: 'Generated' },
} as const;

export const ASSESSMENT_LABELS: Record<string, Text> = {
  pretest: { lo: 'ແບບທົດສອບກ່ອນຮຽນ', en: 'Pre-test' },
  posttest: { lo: 'ແບບທົດສອບຫຼັງຮຽນ', en: 'Post-test' },
  final: { lo: 'ການສອບເສັງທ້າຍຫຼັກສູດ', en: 'Final exam' },
  check: { lo: 'ຄຳຖາມກວດຄວາມເຂົ້າໃຈໃນບົດຮຽນ', en: 'Knowledge check in a lesson' },
};

export const FLAG_LABELS: Record<ItemFlag, Text> = {
  'few-responses': { lo: 'ຄຳຕອບໜ້ອຍເກີນໄປ', en: 'few responses' },
  'too-easy': { lo: 'ງ່າຍເກີນໄປ', en: 'too easy' },
  'too-hard': { lo: 'ຍາກເກີນໄປ', en: 'too hard' },
  'negative-discrimination': { lo: 'ການຈຳແນກຕິດລົບ', en: 'negative discrimination' },
  'low-discrimination': { lo: 'ການຈຳແນກຕ່ຳ', en: 'low discrimination' },
};

/** The note under every suppressed export: what "<k" and "x" mean. */
export function suppressionNote(k: number): Text {
  return {
    lo: `<${k}: ໜ້ອຍກວ່າ ${k} ຄົນ (ແຕ່ບໍ່ແມ່ນ 0), ບໍ່ສະແດງເພື່ອປົກປ້ອງຂໍ້ມູນສ່ວນບຸກຄົນ. x: ບໍ່ສະແດງ ເພື່ອບໍ່ໃຫ້ຄິດໄລ່ຕົວເລກທີ່ປິດໄວ້ຈາກຍອດລວມໄດ້.`,
    en: `<${k}: fewer than ${k} people (but not 0), hidden to protect individuals. x: hidden so that a hidden number cannot be worked out from a total.`,
  };
}
