-- Certificates: the public halves of the keys they are signed with, and one row per issued
-- certificate with its signed JWS. The private key is never stored here (a file beside the
-- database on Node, a secret on Workers), so a copy of the database cannot forge certificates.

-- Every key that ever signed a certificate, so that old certificates verify after a key
-- rotation. kid is the RFC 7638 thumbprint of public_jwk (checked when the key is loaded).
CREATE TABLE signing_keys (
  kid TEXT NOT NULL PRIMARY KEY,
  alg TEXT NOT NULL CHECK (alg IN ('ES256')),
  public_jwk TEXT NOT NULL,
  created TEXT NOT NULL
);

-- id is the verification code printed on the certificate and carried in its QR code
-- (12 random Crockford base32 characters in groups of four). basis is what made the learner
-- eligible (the progress record's time of the qualifying result): one certificate per basis,
-- so a repeated or concurrent claim cannot issue twice, and a new certificate after expiry or
-- revocation needs a new qualifying result. issued and expires are ISO timestamps; expires is
-- null for a course whose certificates do not expire. issuer is the name (JSON {lo, en}) the
-- certificate was signed with. A revoked certificate keeps its row, with who, when and why.
CREATE TABLE certificates (
  id TEXT NOT NULL PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learners (id),
  course_slug TEXT NOT NULL,
  course_version TEXT NOT NULL,
  basis TEXT NOT NULL,
  issued TEXT NOT NULL,
  expires TEXT,
  issuer TEXT NOT NULL,
  kid TEXT NOT NULL REFERENCES signing_keys (kid),
  jws TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  revoked_at TEXT,
  revoked_by TEXT REFERENCES users (id),
  revoked_reason TEXT,
  UNIQUE (learner_id, course_slug, basis),
  CHECK (expires IS NULL OR expires > issued),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revoked_reason IS NOT NULL))
);
CREATE INDEX certificates_learner ON certificates (learner_id, course_slug, issued);
CREATE INDEX certificates_course ON certificates (course_slug, issued);
CREATE INDEX certificates_issued ON certificates (issued);
