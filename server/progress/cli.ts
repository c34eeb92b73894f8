// The progress commands of `npm run champa`: `progress rebuild` recomputes every progress
// table from the stored statements (server/progress/rebuild.ts). Node only: nothing runs
// rebuildProgress against D1 yet. Not for reading progress.
import type { NodeDatabase } from '../db/node.js';

export const PROGRESS_USAGE = `  progress rebuild                                        recompute all progress from the statements
                                                          (after a course changes its structure or rules)`;

export async function progressCommand(action: string | undefined, args: string[], nd: NodeDatabase): Promise<{ code: number; out: string }> {
  if (action !== 'rebuild') return { code: 2, out: `progress: unknown command ${JSON.stringify(action ?? '')}\n${PROGRESS_USAGE}` };
  if (args.length) return { code: 2, out: `progress rebuild: takes no arguments, got ${args.join(' ')}` };
  // Loaded here, not at start-up: the compiled course bundle is large and other commands need none of it.
  const [{ courseCatalog }, { rebuildProgress }] = await Promise.all([import('./catalog.js'), import('./rebuild.js')]);
  const started = Date.now();
  const result = await rebuildProgress(nd, courseCatalog());
  return { code: 0, out: JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }) };
}
