-- Final exams graded by the server (server/exams/, /api/exams): the items a learner drew and
-- when the attempt ends, then its grade. The keys never leave the server; the grade's xAPI
-- statements (authority: the Champa exam grader) are stored in the same atomic write as its
-- exam_submissions row, so progress and this table never disagree.

-- One row per attempt started. items is the JSON array of question ids in the order served;
-- registration is the xAPI context.registration of the attempt's statements. An attempt not
-- submitted by expires (3 hours after started) can no longer be; it does not count as taken.
CREATE TABLE exam_attempts (
  id TEXT NOT NULL PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learners (id),
  course_slug TEXT NOT NULL,
  course_version TEXT NOT NULL,
  registration TEXT NOT NULL UNIQUE,
  items TEXT NOT NULL,
  started TEXT NOT NULL,
  expires TEXT NOT NULL
);
CREATE INDEX exam_attempts_learner ON exam_attempts (learner_id, course_slug, started);

-- The grade of an attempt: at most one (the primary key refuses a second submission, even two
-- racing ones). seq numbers a learner's graded attempts at a course 1, 2, 3…: two attempts
-- submitted at once cannot both take the last one allowed. results is the JSON array of
-- {id, response, success} per item, in the attempt's order.
CREATE TABLE exam_submissions (
  attempt_id TEXT NOT NULL PRIMARY KEY REFERENCES exam_attempts (id),
  learner_id TEXT NOT NULL REFERENCES learners (id),
  course_slug TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  submitted TEXT NOT NULL,
  raw INTEGER NOT NULL,
  max INTEGER NOT NULL CHECK (max >= 1),
  scaled REAL NOT NULL CHECK (scaled BETWEEN 0 AND 1),
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  results TEXT NOT NULL,
  UNIQUE (learner_id, course_slug, seq)
);
