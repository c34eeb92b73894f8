-- Progress derived from statements on ingest (server/progress/): one fact row per statement
-- that counts, and per-learner roll-ups (assessment, module, course) recomputed from those
-- facts in the same atomic write as the statements. Reports read these tables, never the
-- statements. Learners are the LRS agent key ("account:<homePage>|<name>" for Champa's
-- opaque learner accounts); courses are slugs. All times are statement timestamps in UTC
-- ISO 8601 with milliseconds, so they sort as text.

-- One row per stored, non-voided statement whose object is an activity a compiled course
-- publishes, with a verb progress reads. A voided statement's row is deleted. kind is the
-- activity kind (course, module, lesson, question, scenario, assessment); item is its slug
-- (module, lesson, scenario), question id or assessment name (pretest, posttest, final,
-- quiz-<module>), '' for the course itself. module is the module the activity belongs to,
-- when there is one (for a question: its statement's context, or its quiz). assessment,
-- for an answer, is where the question was asked (an assessment name, or check for a
-- lesson's knowledge check) when the statement or the question bank says so.
CREATE TABLE progress_events (
  statement_id TEXT NOT NULL PRIMARY KEY,
  agent_key TEXT NOT NULL,
  course TEXT NOT NULL,
  module TEXT,
  verb TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('course', 'module', 'lesson', 'question', 'scenario', 'assessment')),
  item TEXT NOT NULL,
  assessment TEXT,
  registration TEXT,
  at TEXT NOT NULL,
  duration_ms INTEGER,
  scaled REAL,
  success INTEGER CHECK (success IN (0, 1)),
  response TEXT
);
CREATE INDEX progress_events_learner ON progress_events (agent_key, course, kind, item);
-- Item analysis (difficulty, discrimination) reads the answers to one question.
CREATE INDEX progress_events_answers ON progress_events (course, item, at) WHERE kind = 'question';

-- The learner x course pairs an atomic write is recomputing. Filled and emptied within one
-- write, so it is empty between writes; a row left over would only cause a recomputation.
CREATE TABLE progress_dirty (
  agent_key TEXT NOT NULL,
  course TEXT NOT NULL,
  PRIMARY KEY (agent_key, course)
) WITHOUT ROWID;

-- Learner x course x assessment: every scored attempt (a passed or failed statement).
-- An attempt passes when its verb is passed AND its scaled score reaches the course's
-- masteryScore. first_scaled is the earliest attempt's score (the pre-test that counts),
-- latest_scaled the most recent by timestamp (ties broken by statement id), passed_at the
-- time of the earliest passing attempt.
CREATE TABLE progress_assessments (
  agent_key TEXT NOT NULL,
  course TEXT NOT NULL,
  assessment TEXT NOT NULL,
  module TEXT,
  attempts INTEGER NOT NULL,
  passes INTEGER NOT NULL,
  first_scaled REAL,
  latest_scaled REAL,
  best_scaled REAL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  passed_at TEXT,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (agent_key, course, assessment)
) WITHOUT ROWID;
CREATE INDEX progress_assessments_course ON progress_assessments (course, assessment);

-- Learner x course x module, for every module the learner has done anything in. lessons is
-- a JSON array of the lesson slugs viewed (experienced or completed). completed follows
-- the course's rules.moduleCompletion; completed_at is when the rule first held (the later
-- of the last first view of a lesson and the first passing quiz attempt).
CREATE TABLE progress_modules (
  agent_key TEXT NOT NULL,
  course TEXT NOT NULL,
  module TEXT NOT NULL,
  lessons_viewed INTEGER NOT NULL,
  lessons_total INTEGER NOT NULL,
  lessons TEXT NOT NULL,
  quiz_attempts INTEGER NOT NULL,
  quiz_best REAL,
  quiz_latest REAL,
  quiz_passed INTEGER NOT NULL CHECK (quiz_passed IN (0, 1)),
  quiz_passed_at TEXT,
  completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
  completed_at TEXT,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  PRIMARY KEY (agent_key, course, module)
) WITHOUT ROWID;
CREATE INDEX progress_modules_course ON progress_modules (course, module, completed);

-- Learner x course, for every course the learner has started (no row: not started).
-- account_* are the actor's xAPI account (account_name is the learner id for Champa's own
-- learners). time_ms sums the durations of experienced, passed and failed statements (an
-- answer's time is inside its assessment's or lesson's). completed: every module completed.
-- passed: the final exam passed if the course has one, else the post-test, else completed.
-- certification_eligible follows rules.certifies; "final-exam-passed" also requires every
-- module completed (domain-research §5.4). eligible_at is when it first held.
CREATE TABLE progress_courses (
  agent_key TEXT NOT NULL,
  course TEXT NOT NULL,
  account_home_page TEXT,
  account_name TEXT,
  state TEXT NOT NULL CHECK (state IN ('in-progress', 'completed')),
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  modules_completed INTEGER NOT NULL,
  modules_total INTEGER NOT NULL,
  completed_at TEXT,
  pretest_scaled REAL,
  pretest_at TEXT,
  pretest_attempts INTEGER NOT NULL,
  posttest_latest REAL,
  posttest_best REAL,
  posttest_at TEXT,
  posttest_attempts INTEGER NOT NULL,
  final_latest REAL,
  final_best REAL,
  final_attempts INTEGER NOT NULL,
  final_passed INTEGER NOT NULL CHECK (final_passed IN (0, 1)),
  final_passed_at TEXT,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  passed_at TEXT,
  certification_eligible INTEGER NOT NULL CHECK (certification_eligible IN (0, 1)),
  eligible_at TEXT,
  PRIMARY KEY (agent_key, course),
  CHECK (certification_eligible = 0 OR eligible_at IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX progress_courses_learner ON progress_courses (account_name, course);
CREATE INDEX progress_courses_course ON progress_courses (course, state);
