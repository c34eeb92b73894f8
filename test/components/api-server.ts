// The real Champa app behind the component tests: web-test-runner.config.mjs starts this file
// (node --import tsx) and forwards the browser's /api/* and /xapi/* requests to it, so the
// dashboard elements are tested against the real Hono app on a real temp SQLite database,
// seeded with the personas of test/support/credentials.ts. Prints {"url": ...} once listening.
// Not for HTTP tests (they call startTarget() themselves).
import { startTarget } from '../support/target.js';

const target = await startTarget();
const url = await target.listen();
process.stdout.write(`${JSON.stringify({ url })}\n`);

const stop = () => {
  target.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test runner going away (even by a crash) closes our stdin: stop with it.
process.stdin.resume();
process.stdin.on('end', stop);
