// The UI strings of <champa-dashboard> (sign-in, header, nav, route notes), Lao first.
// The Lao strings are machine-drafted and await review by a native speaker.
// Not for the child pages' strings: each element keeps its own.
import type { StaffRole } from '../shared/staff-api.js';

export interface DashboardStrings {
  appTitle: string;
  signInTitle: string;
  signInIntro: string;
  participants: string;
  joinLink: string;
  email: string;
  password: string;
  submit: string;
  signingIn: string;
  missing: string;
  wrong: string;
  tooMany: (minutes: number) => string;
  refused: string;
  offline: string;
  failed: string;
  serverSaid: string;
  sessionEnded: string;
  signedOut: string;
  signOut: string;
  signingOut: string;
  signOutFailed: string;
  language: string;
  nav: string;
  cohorts: string;
  reports: string;
  users: string;
  organisations: string;
  account: string;
  roles: Record<StaffRole, string>;
  signedInAs: string;
  loading: string;
  retry: string;
  notForRoleTitle: string;
  notForRole: string;
  adminsOnly: (role: string) => string;
  toReports: string;
  notFoundTitle: string;
  notFound: string;
  toStart: string;
}

const lo: DashboardStrings = {
  appTitle: 'ແຜງຄວບຄຸມການຝຶກອົບຮົມ',
  signInTitle: 'ເຂົ້າສູ່ລະບົບ',
  signInIntro: 'ສຳລັບຄູຝຶກ, ຜູ້ບໍລິຫານລະບົບ ແລະ ຜູ້ເບິ່ງລາຍງານ.',
  participants: 'ຜູ້ເຂົ້າຮ່ວມການຝຶກອົບຮົມບໍ່ຕ້ອງເຂົ້າສູ່ລະບົບຢູ່ນີ້:',
  joinLink: 'ເຂົ້າຮ່ວມດ້ວຍລະຫັດ',
  email: 'ອີເມວ',
  password: 'ລະຫັດຜ່ານ',
  submit: 'ເຂົ້າສູ່ລະບົບ',
  signingIn: 'ກຳລັງເຂົ້າສູ່ລະບົບ…',
  missing: 'ກະລຸນາໃສ່ອີເມວ ແລະ ລະຫັດຜ່ານ.',
  wrong: 'ອີເມວ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ.',
  tooMany: (m) => `ພະຍາຍາມເຂົ້າສູ່ລະບົບຜິດຫຼາຍເທື່ອເກີນໄປ. ກະລຸນາລໍຖ້າ ${m} ນາທີ ແລ້ວຈຶ່ງລອງໃໝ່.`,
  refused: 'ເຊີບເວີປະຕິເສດການເຂົ້າສູ່ລະບົບຈາກໜ້ານີ້.',
  offline: 'ເຊື່ອມຕໍ່ເຊີບເວີບໍ່ໄດ້. ກວດເບິ່ງອິນເຕີເນັດ ແລ້ວລອງໃໝ່.',
  failed: 'ເຂົ້າສູ່ລະບົບບໍ່ສຳເລັດ.',
  serverSaid: 'ເຊີບເວີຕອບວ່າ:',
  sessionEnded: 'ການເຂົ້າສູ່ລະບົບຂອງທ່ານໝົດອາຍຸແລ້ວ. ກະລຸນາເຂົ້າສູ່ລະບົບອີກຄັ້ງ.',
  signedOut: 'ທ່ານອອກຈາກລະບົບແລ້ວ.',
  signOut: 'ອອກຈາກລະບົບ',
  signingOut: 'ກຳລັງອອກຈາກລະບົບ…',
  signOutFailed: 'ອອກຈາກລະບົບບໍ່ໄດ້:',
  language: 'ພາສາ',
  nav: 'ເມນູຫຼັກ',
  cohorts: 'ຊຸດຝຶກອົບຮົມ',
  reports: 'ລາຍງານ',
  users: 'ບັນຊີຜູ້ໃຊ້',
  organisations: 'ອົງການ',
  account: 'ບັນຊີຂອງຂ້ອຍ',
  roles: { admin: 'ຜູ້ບໍລິຫານລະບົບ', trainer: 'ຄູຝຶກ', viewer: 'ຜູ້ເບິ່ງລາຍງານ' },
  signedInAs: 'ເຂົ້າສູ່ລະບົບເປັນ',
  loading: 'ກຳລັງໂຫຼດ…',
  retry: 'ລອງໃໝ່',
  notForRoleTitle: 'ໜ້ານີ້ບໍ່ແມ່ນສຳລັບບົດບາດຂອງທ່ານ',
  notForRole: 'ທ່ານເຂົ້າສູ່ລະບົບເປັນຜູ້ເບິ່ງລາຍງານ: ທ່ານເບິ່ງໄດ້ແຕ່ລາຍງານ. ຊຸດຝຶກອົບຮົມ ແລະ ລາຍຊື່ຜູ້ເຂົ້າຮ່ວມແມ່ນສຳລັບຄູຝຶກ ແລະ ຜູ້ບໍລິຫານລະບົບ.',
  adminsOnly: (role) => `ທ່ານເຂົ້າສູ່ລະບົບເປັນ${role}: ບັນຊີຜູ້ໃຊ້ຂອງພະນັກງານແມ່ນຈັດການໂດຍຜູ້ບໍລິຫານລະບົບເທົ່ານັ້ນ.`,
  toReports: 'ໄປທີ່ລາຍງານ',
  notFoundTitle: 'ບໍ່ພົບໜ້ານີ້',
  notFound: 'ທີ່ຢູ່ນີ້ບໍ່ກົງກັບໜ້າໃດໃນແຜງຄວບຄຸມ.',
  toStart: 'ໄປໜ້າເລີ່ມຕົ້ນ',
};

const en: DashboardStrings = {
  appTitle: 'Training dashboard',
  signInTitle: 'Sign in',
  signInIntro: 'For trainers, administrators and report viewers.',
  participants: 'Training participants do not sign in here:',
  joinLink: 'join with a code',
  email: 'Email',
  password: 'Password',
  submit: 'Sign in',
  signingIn: 'Signing in…',
  missing: 'Enter your email and your password.',
  wrong: 'The email or the password is wrong.',
  tooMany: (m) => `Too many failed sign-in attempts. Wait ${m} minute${m === 1 ? '' : 's'}, then try again.`,
  refused: 'The server refused a sign-in from this page.',
  offline: 'Could not reach the server. Check the connection and try again.',
  failed: 'Could not sign in.',
  serverSaid: 'The server said:',
  sessionEnded: 'Your session has ended. Please sign in again.',
  signedOut: 'You have signed out.',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  signOutFailed: 'Could not sign out:',
  language: 'Language',
  nav: 'Main',
  cohorts: 'Cohorts',
  reports: 'Reports',
  users: 'Staff accounts',
  organisations: 'Organisations',
  account: 'My account',
  roles: { admin: 'Administrator', trainer: 'Trainer', viewer: 'Report viewer' },
  signedInAs: 'Signed in as',
  loading: 'Loading…',
  retry: 'Try again',
  notForRoleTitle: 'This page is not for your role',
  notForRole: 'You are signed in as a report viewer: you can see the reports only. Cohorts and their participants are for trainers and administrators.',
  adminsOnly: (role) => `You are signed in as a ${role.toLowerCase()}: staff accounts are managed by administrators only.`,
  toReports: 'Go to the reports',
  notFoundTitle: 'No such page',
  notFound: 'This address matches no page of the dashboard.',
  toStart: 'Go to the start page',
};

export const STRINGS = { lo, en };
