-- Indexes for the reports (server/reports/): covering indexes on the per-pair look-ups every
-- report makes, so that a report over 10,000 learners reads index pages only (bench/reports.ts,
-- DESIGN §10: ≤ 100 ms). The progress tables, rewritten on every statement batch, gain no
-- index: the one on answers below replaces one.

-- A learner's sex, organisation and place by id: what every count is split and filtered by.
CREATE INDEX learners_report ON learners (id, sex, organisation_id, province_code, district_code);

-- A learner's enrolments in a course with their time: the earliest one, per learner x course.
CREATE INDEX enrolments_learner_enrolled ON enrolments (learner_id, course_slug, enrolled);

-- Whether a learner holds an unrevoked certificate for a course issued in a period.
CREATE INDEX certificates_learner_status ON certificates (learner_id, course_slug, status, issued);

-- Item analysis reads each learner's answers in a course, assessment by assessment and item by
-- item, and keeps the first: this index holds exactly those columns, in that order, for
-- answers only. It replaces progress_events_answers (course, item, at), which was made for
-- item analysis and which no query uses, so progress_events keeps as many indexes to update
-- on ingest as before.
DROP INDEX progress_events_answers;
CREATE INDEX progress_events_first_answers ON progress_events (course, agent_key, assessment, item, at, success)
  WHERE kind = 'question' AND verb = 'answered';
