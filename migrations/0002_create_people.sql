-- People and places: organisations, the Lao administrative places (reference data), learners
-- (the personal data that never enters a statement), staff accounts with their sessions,
-- learner tokens for the LRS, and the events login rate limiting counts.

-- The 18 first-level units with their ISO 3166-2:LA codes and names as domain-research §3
-- gives them. verified = 1 only where both the code and the name were seen in a source
-- (rows marked ✔ there), the others are general knowledge (◐) awaiting confirmation, and
-- basis says which part is which.
CREATE TABLE provinces (
  code TEXT NOT NULL PRIMARY KEY CHECK (code GLOB 'LA-[A-Z][A-Z]'),
  name_lo TEXT NOT NULL,
  name_en TEXT NOT NULL,
  verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
  basis TEXT NOT NULL
);

INSERT INTO provinces (code, name_lo, name_en, verified, basis) VALUES
  ('LA-KH', 'ຄໍາມ່ວນ', 'Khammouane', 1, 'code and name ✔ S110'),
  ('LA-CH', 'ຈໍາປາສັກ', 'Champasak', 1, 'code and name ✔ S110, S23'),
  ('LA-XI', 'ຊຽງຂວາງ', 'Xiengkhouang', 1, 'code and name ✔ S110'),
  ('LA-XA', 'ໄຊຍະບູລີ', 'Xayaboury', 1, 'code and name ✔ S110'),
  ('LA-XS', 'ໄຊສົມບູນ', 'Xaisomboun', 1, 'code and name ✔ S110'),
  ('LA-XE', 'ເຊກອງ', 'Sekong', 1, 'code and name ✔ S110'),
  ('LA-BL', 'ບໍລິຄໍາໄຊ', 'Bolikhamxay', 1, 'code and name ✔ S110'),
  ('LA-BK', 'ບໍ່ແກ້ວ', 'Bokeo', 1, 'code and name ✔ S110'),
  ('LA-PH', 'ຜົ້ງສາລີ', 'Phongsaly', 1, 'code and name ✔ S110'),
  ('LA-VI', 'ແຂວງວຽງຈັນ', 'Vientiane Province', 1, 'code and name ✔ S110'),
  ('LA-SL', 'ສາລະວັນ', 'Saravan (Salavan)', 1, 'code and name ✔ S110'),
  ('LA-SV', 'ສະຫວັນນະເຂດ', 'Savannakhet', 0, 'code ◐ / name ✔ S110, S23'),
  ('LA-VT', 'ນະຄອນຫຼວງວຽງຈັນ', 'Vientiane Capital', 0, 'code ◐ / name ✔ S110'),
  ('LA-LP', 'ຫຼວງພະບາງ', 'Luang Prabang', 0, 'code ◐ / name ✔ (news sources)'),
  ('LA-HO', 'ຫົວພັນ', 'Houaphanh', 0, 'code ◐ / name ✔ S45'),
  ('LA-AT', 'ອັດຕະປື', 'Attapeu', 0, 'code ◐ / name ✔ S23'),
  ('LA-LM', 'ຫຼວງນ້ຳທາ', 'Luang Namtha', 0, 'code ◐ / name ◐'),
  ('LA-OU', 'ອຸດົມໄຊ', 'Oudomxay', 0, 'code ◐ / name ◐');

-- Districts ship empty: domain-research lists none, and U18 asks for the Lao Statistics
-- Bureau codes. An operator loads them with `npm run champa -- places import-districts`.
-- UNIQUE (code, province_code) lets learners point at a (district, province) pair, so that
-- a learner's district always lies in the learner's province.
CREATE TABLE districts (
  code TEXT NOT NULL PRIMARY KEY,
  province_code TEXT NOT NULL REFERENCES provinces (code),
  name_lo TEXT NOT NULL,
  name_en TEXT NOT NULL,
  source TEXT NOT NULL,
  imported TEXT NOT NULL,
  UNIQUE (code, province_code)
);
CREATE INDEX districts_province ON districts (province_code, code);

-- Agencies, unions, ministries, NGOs. kind is the agency breakdown of report R1.
CREATE TABLE organisations (
  id TEXT NOT NULL PRIMARY KEY,
  name_lo TEXT,
  name_en TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('police', 'prosecutor', 'court', 'molsw', 'lftu', 'lwu', 'committee', 'ngo', 'other')),
  province_code TEXT REFERENCES provinces (code),
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  CHECK (name_lo IS NOT NULL OR name_en IS NOT NULL)
);

-- Staff who sign in with a password: admins, trainers, viewers. email is stored lower-cased.
-- password_hash is "$pbkdf2-sha256$<iterations>$<salt>$<hash>" (server/identity/passwords.ts).
CREATE TABLE users (
  id TEXT NOT NULL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'trainer', 'viewer')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created TEXT NOT NULL,
  updated TEXT NOT NULL
);

-- Which organisations a trainer works for: what the trainer may see and manage.
CREATE TABLE user_organisations (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX user_organisations_organisation ON user_organisations (organisation_id);

-- Signed-in staff. The cookie carries a random token, and only its SHA-256 is stored, so a
-- copy of the database does not sign anyone in. csrf_token is sent back in a header on
-- every state-changing request (server/identity/principal.ts).
CREATE TABLE sessions (
  token_hash TEXT NOT NULL PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created TEXT NOT NULL,
  expires TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires);

-- Learners. id is opaque and random: it is the xAPI account name, and nothing else about
-- the person ever enters a statement. Ethnicity and disability are voluntary and exist only
-- with consent. A district, when given, must be one of the learner's province's districts.
CREATE TABLE learners (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not-stated')),
  birth_year INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
  age_band TEXT CHECK (age_band IN ('under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-plus')),
  organisation_id TEXT REFERENCES organisations (id),
  position TEXT,
  province_code TEXT REFERENCES provinces (code),
  district_code TEXT,
  preferred_language TEXT NOT NULL DEFAULT 'lo' CHECK (preferred_language IN ('lo', 'en')),
  consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
  consent_at TEXT,
  ethnicity TEXT,
  disability TEXT CHECK (disability IN ('yes', 'no', 'not-stated')),
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  CHECK (birth_year IS NULL OR age_band IS NULL),
  CHECK (district_code IS NULL OR province_code IS NOT NULL),
  CHECK (consent = 1 OR (ethnicity IS NULL AND disability IS NULL AND consent_at IS NULL)),
  CHECK (consent = 0 OR consent_at IS NOT NULL),
  FOREIGN KEY (district_code, province_code) REFERENCES districts (code, province_code)
);
CREATE INDEX learners_organisation ON learners (organisation_id, name);
CREATE INDEX learners_place ON learners (province_code, district_code);

-- Bearer tokens a learner's device (join code), a host-site launch or a cmi5 launch holds.
-- Only the SHA-256 is stored: tokens are long and random, so a fast hash is enough.
CREATE TABLE learner_tokens (
  token_hash TEXT NOT NULL PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('device', 'launch', 'cmi5')),
  created TEXT NOT NULL,
  expires TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX learner_tokens_learner ON learner_tokens (learner_id);

-- Rate-limit events: one row per counted attempt in a named bucket such as
-- "login:account:<email>" or "login:ip:<address>" (server/identity/rate-limit.ts). Kept in
-- the database so that every Workers isolate sees the same counts.
CREATE TABLE rate_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bucket TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, at);
CREATE INDEX rate_events_at ON rate_events (at);
