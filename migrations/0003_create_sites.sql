-- Host sites (an organisation's existing website) that launch Champa courses for their own
-- signed-in users: the site, the browser origins its pages are served from, which of its
-- users is which Champa learner, what it enrolled them in, and the one-time launch tokens
-- its backend hands to <champa-course token=...>.

-- secret_hash is the SHA-256 of a long random secret shown once (server/identity/sites.ts);
-- a copy of the database launches nobody. Learners a site launches belong to its organisation.
CREATE TABLE sites (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
  secret_hash TEXT NOT NULL UNIQUE,
  secret_created TEXT NOT NULL,
  created TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE INDEX sites_organisation ON sites (organisation_id);

-- Exact origins (scheme://host[:port], as URL.origin writes them). CORS on the launch routes
-- admits these and nothing else, so a preflight looks an origin up without knowing the site.
CREATE TABLE site_origins (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  origin TEXT NOT NULL,
  PRIMARY KEY (site_id, origin)
) WITHOUT ROWID;
CREATE INDEX site_origins_origin ON site_origins (origin);

-- A site's own user id stands for one Champa learner. external_id never enters a statement:
-- the learner's opaque id does. Deleting the site forgets the mapping, not the learner.
CREATE TABLE site_learners (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  learner_id TEXT NOT NULL UNIQUE REFERENCES learners (id) ON DELETE CASCADE,
  created TEXT NOT NULL,
  PRIMARY KEY (site_id, external_id)
) WITHOUT ROWID;

-- Which courses a site enrolled a learner in (the first launch enrols), and how often it launched them.
CREATE TABLE site_enrolments (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  course_slug TEXT NOT NULL,
  enrolled TEXT NOT NULL,
  last_launch TEXT NOT NULL,
  launches INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (site_id, learner_id, course_slug)
) WITHOUT ROWID;
CREATE INDEX site_enrolments_course ON site_enrolments (course_slug, learner_id);

-- Launch tokens: short-lived and single use. used is set by the one exchange that wins;
-- exchange_nonce lets that exchange's learner-token INSERT see that it was the one.
CREATE TABLE launch_tokens (
  token_hash TEXT NOT NULL PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
  course_slug TEXT NOT NULL,
  created TEXT NOT NULL,
  expires TEXT NOT NULL,
  used TEXT,
  exchange_nonce TEXT
);
CREATE INDEX launch_tokens_expires ON launch_tokens (expires);
CREATE INDEX launch_tokens_site ON launch_tokens (site_id);
