-- Cohorts (training events) with their courses, trainers and join code, and enrolments:
-- which learner takes which course in which cohort, and how they came in. Not for progress:
-- that is derived from statements into its own tables.

-- A training event (DESIGN §8). join_code is what participants type or scan: 6 characters
-- from an alphabet without look-alikes (server/cohorts/join-code.ts), unique among all
-- cohorts, open or closed, so that a code never names two events. join_open = 0 refuses new
-- participants while the code still identifies the cohort. Dates are calendar dates (YYYY-MM-DD).
CREATE TABLE cohorts (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  province_code TEXT REFERENCES provinces (code),
  district_code TEXT,
  starts_on TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  ends_on TEXT CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  mode TEXT NOT NULL CHECK (mode IN ('in-person', 'online', 'blended')),
  join_code TEXT NOT NULL UNIQUE CHECK (length(join_code) = 6),
  join_open INTEGER NOT NULL DEFAULT 1 CHECK (join_open IN (0, 1)),
  created_by TEXT NOT NULL REFERENCES users (id),
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  CHECK (district_code IS NULL OR province_code IS NOT NULL),
  FOREIGN KEY (district_code, province_code) REFERENCES districts (code, province_code)
);
CREATE INDEX cohorts_organisation ON cohorts (organisation_id, starts_on);
CREATE INDEX cohorts_place ON cohorts (province_code, district_code);

-- The courses a cohort takes, by slug (courses are data, not rows). position keeps the
-- trainer's order.
CREATE TABLE cohort_courses (
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  course_slug TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (cohort_id, course_slug)
) WITHOUT ROWID;

-- Who runs a cohort. A listed trainer manages it even when they are not a member of its
-- organisation (a co-trainer from another agency): see server/api/cohorts.ts.
CREATE TABLE cohort_trainers (
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id),
  PRIMARY KEY (cohort_id, user_id)
) WITHOUT ROWID;
CREATE INDEX cohort_trainers_user ON cohort_trainers (user_id);

-- A learner taking one of a cohort's courses. source says how they came in: the join code,
-- a trainer's CSV file, or a host-site launch.
CREATE TABLE enrolments (
  cohort_id TEXT NOT NULL,
  course_slug TEXT NOT NULL,
  learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  enrolled TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('join', 'csv', 'launch')),
  PRIMARY KEY (cohort_id, course_slug, learner_id),
  FOREIGN KEY (cohort_id, course_slug) REFERENCES cohort_courses (cohort_id, course_slug) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX enrolments_learner ON enrolments (learner_id, course_slug);
