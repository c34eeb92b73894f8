// The words of <champa-organisations> in Lao and English, with the organisation kinds of
// server/api/organisations.ts (the agency breakdown of report R1). Not for the server's own
// messages: those arrive in English and are shown as they are.
// The Lao strings are machine-drafted and await review by a native speaker; the agency names
// follow domain-research.md §4 (police, prosecutor, MOLSW, LFTU, LWU).

export const KINDS = ['police', 'prosecutor', 'court', 'molsw', 'lftu', 'lwu', 'committee', 'ngo', 'other'] as const;
export type Kind = (typeof KINDS)[number];

const lo = {
  title: 'ອົງການ',
  intro: 'ອົງການ, ສະຫະພັນ ແລະ ອົງການທີ່ບໍ່ຂຶ້ນກັບລັດ ທີ່ຄູຝຶກ ແລະ ຜູ້ເຂົ້າຮ່ວມສັງກັດ. ລາຍງານແບ່ງຕາມປະເພດ ແລະ ແຂວງຂອງອົງການ.',
  readOnly: 'ທ່ານເບິ່ງໄດ້ເທົ່ານັ້ນ: ຜູ້ບໍລິຫານລະບົບເປັນຜູ້ເພີ່ມ ແລະ ແກ້ໄຂອົງການ.',
  loading: 'ກຳລັງໂຫຼດ…',
  loadFailed: 'ໂຫຼດບໍ່ໄດ້:',
  retry: 'ລອງໃໝ່',
  listLabel: 'ລາຍຊື່ອົງການ',
  none: 'ຍັງບໍ່ມີອົງການ.',
  newOrganisation: 'ເພີ່ມອົງການໃໝ່',
  formTitle: 'ອົງການໃໝ່',
  editTitle: (name: string) => `ແກ້ໄຂ ${name}`,
  edit: 'ແກ້ໄຂ',
  nameLo: 'ຊື່ພາສາລາວ',
  nameEn: 'ຊື່ພາສາອັງກິດ',
  namesHint: 'ຕ້ອງມີຢ່າງໜ້ອຍໜຶ່ງຊື່.',
  kind: 'ປະເພດ',
  chooseKind: '— ເລືອກປະເພດ —',
  kinds: {
    police: 'ຕຳຫຼວດ',
    prosecutor: 'ອົງການໄອຍະການປະຊາຊົນ',
    court: 'ສານປະຊາຊົນ',
    molsw: 'ແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ',
    lftu: 'ສະຫະພັນກຳມະບານລາວ',
    lwu: 'ສະຫະພັນແມ່ຍິງລາວ',
    committee: 'ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດ',
    ngo: 'ອົງການທີ່ບໍ່ຂຶ້ນກັບລັດ',
    other: 'ອື່ນໆ',
  } satisfies Record<Kind, string>,
  province: 'ແຂວງ',
  optional: '(ບໍ່ບັງຄັບ)',
  noProvince: '— ທົ່ວປະເທດ ຫຼື ບໍ່ລະບຸ —',
  create: 'ເພີ່ມອົງການ',
  creating: 'ກຳລັງເພີ່ມ…',
  save: 'ບັນທຶກ',
  saving: 'ກຳລັງບັນທຶກ…',
  cancel: 'ຍົກເລີກ',
  fixThis: 'ເຊີບເວີບໍ່ຮັບ:',
  created: (name: string) => `ເພີ່ມ ${name} ແລ້ວ.`,
  saved: (name: string) => `ບັນທຶກ ${name} ແລ້ວ.`,
};

type OrganisationStrings = typeof lo;

const en: OrganisationStrings = {
  title: 'Organisations',
  intro: 'The agencies, unions and NGOs trainers and participants belong to. Reports are split by their kind and province.',
  readOnly: 'You can look only: administrators add and edit organisations.',
  loading: 'Loading…',
  loadFailed: 'Could not load:',
  retry: 'Try again',
  listLabel: 'Organisations',
  none: 'No organisations yet.',
  newOrganisation: 'New organisation',
  formTitle: 'New organisation',
  editTitle: (name) => `Edit ${name}`,
  edit: 'Edit',
  nameLo: 'Name in Lao',
  nameEn: 'Name in English',
  namesHint: 'At least one of the two names.',
  kind: 'Kind',
  chooseKind: '— choose a kind —',
  kinds: {
    police: 'Police',
    prosecutor: "People's Prosecutor",
    court: "People's Court",
    molsw: 'Labour and Social Welfare (MOLSW)',
    lftu: 'Lao Federation of Trade Unions (LFTU)',
    lwu: "Lao Women's Union (LWU)",
    committee: 'Anti-trafficking committee',
    ngo: 'Non-governmental organisation',
    other: 'Other',
  },
  province: 'Province',
  optional: '(optional)',
  noProvince: '— national or not stated —',
  create: 'Add the organisation',
  creating: 'Adding…',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  fixThis: 'The server refused:',
  created: (name) => `${name} is added.`,
  saved: (name) => `${name} is saved.`,
};

export const STRINGS = { lo, en };
