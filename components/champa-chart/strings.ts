// The strings of <champa-chart>, Lao and English. The Lao strings are machine-drafted and await
// review by a native speaker.

export const STRINGS = {
  lo: {
    total: 'ລວມ',
    noData: 'ບໍ່ມີຂໍ້ມູນທີ່ຈະສະແດງ.',
    noValue: 'ບໍ່ມີ',
    category: 'ໝວດ',
  },
  en: {
    total: 'Total',
    noData: 'Nothing to show.',
    noValue: 'none',
    category: 'Category',
  },
};
