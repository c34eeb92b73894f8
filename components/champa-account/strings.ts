// The words of <champa-account> (who I am, change my password) in Lao and English.
// Not for the server's own messages: those arrive in English and are shown as they are.
// The Lao strings are machine-drafted and await review by a native speaker.
import type { StaffRole } from '../shared/staff-api.js';

const lo = {
  title: 'ບັນຊີຂອງຂ້ອຍ',
  name: 'ຊື່',
  email: 'ອີເມວ',
  role: 'ບົດບາດ',
  roles: { admin: 'ຜູ້ບໍລິຫານລະບົບ', trainer: 'ຄູຝຶກ', viewer: 'ຜູ້ເບິ່ງລາຍງານ' } satisfies Record<StaffRole, string>,
  organisations: 'ອົງການ',
  changeTitle: 'ປ່ຽນລະຫັດຜ່ານ',
  changeIntro: 'ເມື່ອປ່ຽນແລ້ວ, ອຸປະກອນອື່ນທີ່ເຂົ້າສູ່ລະບົບດ້ວຍບັນຊີນີ້ຈະຖືກອອກຈາກລະບົບ; ອຸປະກອນນີ້ຍັງຢູ່ໃນລະບົບ.',
  current: 'ລະຫັດຜ່ານປັດຈຸບັນ',
  next: 'ລະຫັດຜ່ານໃໝ່',
  nextHint: 'ຢ່າງໜ້ອຍ 10 ຕົວອັກສອນ. ປະໂຫຍກຍາວທີ່ຈື່ງ່າຍ ແມ່ນດີກວ່າຄຳສັ້ນທີ່ຊັບຊ້ອນ.',
  repeat: 'ລະຫັດຜ່ານໃໝ່ອີກຄັ້ງ',
  required: 'ກະລຸນາໃສ່.',
  mismatch: 'ລະຫັດຜ່ານໃໝ່ທັງສອງບໍ່ຄືກັນ.',
  submit: 'ປ່ຽນລະຫັດຜ່ານ',
  changing: 'ກຳລັງປ່ຽນ…',
  changed: 'ປ່ຽນລະຫັດຜ່ານແລ້ວ. ອຸປະກອນອື່ນຖືກອອກຈາກລະບົບແລ້ວ.',
  wrongCurrent: 'ລະຫັດຜ່ານປັດຈຸບັນບໍ່ຖືກຕ້ອງ.',
  tooMany: 'ພະຍາຍາມຜິດຫຼາຍເທື່ອເກີນໄປ. ກະລຸນາລໍຖ້າແລ້ວລອງໃໝ່.',
  offline: 'ເຊື່ອມຕໍ່ເຊີບເວີບໍ່ໄດ້. ກວດເບິ່ງອິນເຕີເນັດ ແລ້ວລອງໃໝ່.',
  fixThis: 'ປ່ຽນບໍ່ໄດ້:',
  serverSaid: 'ເຊີບເວີຕອບວ່າ:',
};

type AccountStrings = typeof lo;

const en: AccountStrings = {
  title: 'My account',
  name: 'Name',
  email: 'Email',
  role: 'Role',
  roles: { admin: 'Administrator', trainer: 'Trainer', viewer: 'Report viewer' },
  organisations: 'Organisations',
  changeTitle: 'Change my password',
  changeIntro: 'Once changed, other devices signed in with this account are signed out; this one stays signed in.',
  current: 'Current password',
  next: 'New password',
  nextHint: 'At least 10 characters. A long sentence you remember beats a short complicated word.',
  repeat: 'New password again',
  required: 'Fill this in.',
  mismatch: 'The two new passwords differ.',
  submit: 'Change my password',
  changing: 'Changing…',
  changed: 'Your password is changed. Other devices have been signed out.',
  wrongCurrent: 'The current password is wrong.',
  tooMany: 'Too many wrong attempts. Wait, then try again.',
  offline: 'Could not reach the server. Check the connection and try again.',
  fixThis: 'Could not change it:',
  serverSaid: 'The server said:',
};

export const STRINGS = { lo, en };
