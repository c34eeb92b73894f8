// R7 hierarchical roll-up (domain-research §5.2): the participation stages at the centre
// (national), per province and per district, split by sex, each person once (a stage
// reached in any course counts; filter by course for one course). A person is placed by the
// learner's own province and district (where they work), not the cohort's; people who gave
// none are counted under "not stated". Every province is listed, with zeros, so that a
// missing province reads as none rather than as forgotten. Reads progress rows only.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Settings, UserPrincipal } from '../deps.js';
import { addTo } from './counts.js';
import { filtersJson, type Filters } from './filters.js';
import { STAGES, withStageFlags, zeroStages, type StageCounts } from './participation.js';
import type { SexGroup } from './population.js';

export interface Place {
  code: string | null;
  nameLo: string | null;
  nameEn: string | null;
}

export interface DistrictRow extends Place, StageCounts {}
export interface ProvinceRow extends Place, StageCounts {
  districts: DistrictRow[];
}

export async function rollupReport(db: Kysely<DB>, settings: Settings, me: UserPrincipal, f: Filters) {
  const qc = withStageFlags(db, settings, me, f, false);
  const [rows, provinces] = await Promise.all([
    // Each person once: a stage reached in any of the courses counts.
    qc
      .with('people', (q) =>
        q
          .selectFrom('flags')
          .select(['flags.province_code', 'flags.district_code', 'flags.sex', ...STAGES.map((s) => sql<number>`max(${sql.ref(s)})`.as(s))])
          .groupBy('flags.learner_id'),
      )
      .selectFrom('people')
      .select(['people.province_code', 'people.district_code', 'people.sex', ...STAGES.map((s) => sql<number>`sum(${sql.ref(s)})`.as(s))])
      .groupBy(['people.province_code', 'people.district_code', 'people.sex'])
      .execute(),
    db.selectFrom('provinces').select(['code', 'name_lo', 'name_en']).orderBy('name_en').execute(),
  ]);
  const districtCodes = [...new Set(rows.map((r) => r.district_code).filter((d): d is string => d !== null))];
  const districts = districtCodes.length
    ? await db
        .selectFrom('districts')
        .select(['code', 'name_lo', 'name_en'])
        .where('code', 'in', (eb) => eb.selectFrom(sql<{ value: string }>`json_each(${JSON.stringify(districtCodes)})`.as('j')).select('j.value'))
        .execute()
    : [];
  const districtNames = new Map(districts.map((d) => [d.code, d]));

  const centre = zeroStages();
  const byProvince = new Map<string | null, ProvinceRow>();
  const shown = f.province !== null ? provinces.filter((p) => p.code === f.province) : provinces;
  for (const p of shown) byProvince.set(p.code, { code: p.code, nameLo: p.name_lo, nameEn: p.name_en, ...zeroStages(), districts: [] });
  const byDistrict = new Map<string, DistrictRow>();
  for (const r of rows) {
    let province = byProvince.get(r.province_code);
    if (!province) {
      province = { code: r.province_code, nameLo: null, nameEn: null, ...zeroStages(), districts: [] };
      byProvince.set(r.province_code, province);
    }
    const dKey = `${r.province_code}|${r.district_code}`;
    let district = byDistrict.get(dKey);
    if (!district) {
      const names = r.district_code === null ? undefined : districtNames.get(r.district_code);
      district = { code: r.district_code, nameLo: names?.name_lo ?? null, nameEn: names?.name_en ?? null, ...zeroStages() };
      byDistrict.set(dKey, district);
      province.districts.push(district);
    }
    for (const s of STAGES) {
      addTo(centre[s], r.sex as SexGroup, r[s]);
      addTo(province[s], r.sex as SexGroup, r[s]);
      addTo(district[s], r.sex as SexGroup, r[s]);
    }
  }
  // Named places by English name, "not stated" last.
  const order = (a: Place, b: Place) => (a.code === null ? 1 : b.code === null ? -1 : (a.nameEn ?? a.code).localeCompare(b.nameEn ?? b.code));
  const list = [...byProvince.values()].sort(order);
  for (const p of list) p.districts.sort(order);
  return { report: 'rollup' as const, filters: filtersJson(f), stages: STAGES, centre, provinces: list };
}

export type RollupReport = Awaited<ReturnType<typeof rollupReport>>;
