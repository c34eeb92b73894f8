-- The Learning Record Store: statements with their JSON, the index tables that keep
-- statement queries index lookups at millions of rows, attachments, documents and
-- the LRS clients that may write and read them.

-- seq is the stored order: paging, "ascending" and X-Experience-API-Consistent-Through
-- all read it. The full statement (as returned with format=exact) is kept as JSON.
CREATE TABLE statements (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  stored TEXT NOT NULL,
  voided INTEGER NOT NULL DEFAULT 0,
  -- the statement this one voids (verb http://adlnet.gov/expapi/verbs/voided), if any
  voids_id TEXT,
  -- key of the credential that stored it, for statements/read/mine
  client_key TEXT NOT NULL,
  statement TEXT NOT NULL
);
CREATE INDEX statements_stored ON statements (stored);
CREATE INDEX statements_voids_id ON statements (voids_id) WHERE voids_id IS NOT NULL;
CREATE INDEX statements_client_key ON statements (client_key, seq);

-- One row per (agent, statement). related = 0 when the agent is the statement's actor or
-- object (the "agent" filter), 1 when it only appears elsewhere (authority, instructor,
-- team, context agents, a sub-statement: the "related_agents" filter). Rows of a
-- statement that a StatementRef targets are copied to the statement that targets it.
CREATE TABLE statement_agents (
  agent_key TEXT NOT NULL,
  statement_seq INTEGER NOT NULL REFERENCES statements (seq),
  related INTEGER NOT NULL,
  PRIMARY KEY (agent_key, statement_seq)
) WITHOUT ROWID;

-- One row per (activity, statement). related = 0 for the object, 1 for context
-- activities and sub-statement activities ("related_activities").
CREATE TABLE statement_activities (
  activity_iri TEXT NOT NULL,
  statement_seq INTEGER NOT NULL REFERENCES statements (seq),
  related INTEGER NOT NULL,
  PRIMARY KEY (activity_iri, statement_seq)
) WITHOUT ROWID;

CREATE TABLE statement_verbs (
  verb_iri TEXT NOT NULL,
  statement_seq INTEGER NOT NULL REFERENCES statements (seq),
  PRIMARY KEY (verb_iri, statement_seq)
) WITHOUT ROWID;

CREATE TABLE statement_registrations (
  registration TEXT NOT NULL,
  statement_seq INTEGER NOT NULL REFERENCES statements (seq),
  PRIMARY KEY (registration, statement_seq)
) WITHOUT ROWID;

-- Attachment payloads are content-addressed by their sha2; the bytes live in the blob
-- store (filesystem on Node, R2 on Workers), this row says they are there.
CREATE TABLE attachments (
  sha2 TEXT NOT NULL PRIMARY KEY,
  content_type TEXT NOT NULL,
  length INTEGER NOT NULL,
  stored TEXT NOT NULL
);

-- Canonical activity definitions, merged from statements whose credential has "define".
CREATE TABLE activities (
  id TEXT NOT NULL PRIMARY KEY,
  definition TEXT NOT NULL,
  updated TEXT NOT NULL
);

-- Agents seen in statements, for GET /xapi/agents (Person objects).
CREATE TABLE agents (
  agent_key TEXT NOT NULL PRIMARY KEY,
  agent TEXT NOT NULL,
  updated TEXT NOT NULL
);

-- State, activity profile and agent profile documents. Absent scope parts are '' so
-- that the primary key stays unique.
CREATE TABLE documents (
  kind TEXT NOT NULL CHECK (kind IN ('state', 'activity_profile', 'agent_profile')),
  activity_id TEXT NOT NULL,
  agent_key TEXT NOT NULL,
  registration TEXT NOT NULL,
  document_id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content BLOB NOT NULL,
  etag TEXT NOT NULL,
  updated TEXT NOT NULL,
  PRIMARY KEY (kind, activity_id, agent_key, registration, document_id)
);
CREATE INDEX documents_updated ON documents (kind, activity_id, agent_key, updated);

-- Basic-auth credentials. The secret is random and long, so a fast hash (SHA-256) is
-- enough and keeps ingest fast; passwords of people use a slow KDF elsewhere.
CREATE TABLE lrs_clients (
  key TEXT NOT NULL PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
