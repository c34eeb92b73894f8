// `npx tsx scripts/signing-key.ts`: prints a new certificate signing key (a private ES256 JWK
// whose kid is its thumbprint) for CHAMPA_SIGNING_KEY, e.g.
//   npx tsx scripts/signing-key.ts | npx wrangler secret put CHAMPA_SIGNING_KEY
// Not for Node's default set-up: `npm start` creates its key file beside the database itself.
import { generateSigningKeyJwk } from '../server/certificates/keys.js';

process.stdout.write((await generateSigningKeyJwk()) + '\n');
