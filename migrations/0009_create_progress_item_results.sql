-- Item analysis (server/reports/items.ts) from one compact row per learner x course instead
-- of every answer. A whole course over 10,000 learners is ~200,000 answers and ~170,000 first
-- answers (bench/reports.ts); reading, grouping or returning that many rows took ~1 s, and even
-- one row per first answer stays over DESIGN §10's 100 ms on the bench machine. Derived like
-- the other roll-ups (server/progress/derive.ts): recomputed from progress_events for the
-- learner x course pairs a write touches, in the same atomic write, so that voiding an answer
-- makes the learner's next answer the first, and `progress rebuild` gives the same rows.

-- A number for every question a course's facts name, per course: 0, 1, 2, … in the order
-- first seen (by id within one write). Numbers are never reused or changed, and `progress
-- rebuild` keeps this table, so the numbers inside progress_item_results stay valid when a
-- course gains or loses questions.
CREATE TABLE progress_items (
  course TEXT NOT NULL,
  item TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (course, item),
  UNIQUE (course, n)
) WITHOUT ROWID;

-- Per learner x course, what item analysis needs, as text lines joined by a newline and
-- sorted by assessment, then day (server/reports/items.ts reads them):
--   <assessment> TAB TAB <score>                a scored assessment: the learner's first score
--                                               (progress_assessments.first_scaled, as text
--                                               that reads back as the same number)
--   <assessment> TAB <day> TAB <answers>        the first answers given on that day
-- assessment: where the question was asked (an assessment name, check for a knowledge check,
-- '' when nothing said); day: the Lao calendar day (UTC+7) of the answer, which is what a
-- report period compares (filters.ts: periods are whole Lao days); answers: space-separated
-- 2 x progress_items.n + success, for the learner's first answer (earliest timestamp, ties by
-- statement id: the row with the least at || statement_id, whose bare columns SQLite returns)
-- to each question in that assessment, among answers that say whether they were right. A
-- pair with neither a score nor an answer has no row.
CREATE TABLE progress_item_results (
  agent_key TEXT NOT NULL,
  course TEXT NOT NULL,
  results TEXT NOT NULL,
  PRIMARY KEY (agent_key, course)
) WITHOUT ROWID;

-- Fill both from the facts already derived, with the recompute's own SQL, so that item
-- analysis is right at once after this migration (no `progress rebuild` needed, which D1
-- has no command for).
INSERT INTO progress_items (course, item, n)
SELECT course, item, row_number() OVER (PARTITION BY course ORDER BY item) - 1
FROM (SELECT DISTINCT course, item FROM progress_events WHERE kind = 'question');

INSERT INTO progress_item_results (agent_key, course, results)
WITH firsts AS (
  SELECT f.agent_key, f.course, f.assessment, coalesce(date(f.at, '+7 hours'), substr(f.at, 1, 10)) AS day, i.n * 2 + f.success AS answer
  FROM (
    SELECT e.agent_key, e.course, coalesce(e.assessment, '') AS assessment, e.item, e.success, e.at, min(e.at || e.statement_id)
    FROM progress_events e
    WHERE e.kind = 'question' AND e.verb = 'answered' AND e.success IS NOT NULL
    GROUP BY e.agent_key, e.course, e.item, coalesce(e.assessment, '')
  ) f
  JOIN progress_items i ON i.course = f.course AND i.item = f.item
), days AS (
  SELECT agent_key, course, assessment, day, group_concat(answer, ' ') AS answers
  FROM (SELECT * FROM firsts ORDER BY agent_key, course, assessment, day, answer)
  GROUP BY agent_key, course, assessment, day
), lines AS (
  SELECT agent_key, course, assessment, '' AS day, assessment || char(9) || char(9) ||
    CASE WHEN CAST(CAST(first_scaled AS TEXT) AS REAL) = first_scaled THEN CAST(first_scaled AS TEXT) ELSE printf('%!.17g', first_scaled) END AS line
  FROM progress_assessments WHERE first_scaled IS NOT NULL
  UNION ALL
  SELECT agent_key, course, assessment, day, assessment || char(9) || day || char(9) || answers FROM days
)
SELECT agent_key, course, group_concat(line, char(10))
FROM (SELECT * FROM lines ORDER BY agent_key, course, assessment, day)
GROUP BY agent_key, course;

-- Item analysis no longer reads answers from progress_events: its answers index goes, so
-- ingest updates one index fewer.
DROP INDEX progress_events_first_answers;
