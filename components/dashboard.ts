// The entry of the dashboard's browser build (/dashboard): the staff pages, built separately
// from the player so that nothing here weighs on embed.js. Not for the player: components/index.ts.
export { ChampaDashboard } from './champa-dashboard/champa-dashboard.js';
export { ChampaCohorts } from './champa-cohorts/champa-cohorts.js';
export { ChampaCohort } from './champa-cohort/champa-cohort.js';
export { ChampaReports } from './champa-reports/champa-reports.js';
// <champa-users>, <champa-organisations> and <champa-account> are not here: the shell loads
// each on demand (most sessions never open them), so they stay off the first download.
