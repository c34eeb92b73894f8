// Expected failures are thrown as HTTPException with a message that names what was wrong;
// app.onError turns them into JSON. Anything else is a bug and answers 500.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function fail(status: ContentfulStatusCode, message: string): never {
  throw new HTTPException(status, { message });
}
