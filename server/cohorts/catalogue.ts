// The courses a cohort may take: the compiled course index (GET /api/courses), read once
// per isolate. Not for course content: server/courses.ts serves that.
import type { CourseSummary } from '../../courses/schema.js';
import { index } from '../../dist/courses/bundle.js';

let bySlug: Map<string, CourseSummary> | undefined;

export function catalogue(): ReadonlyMap<string, CourseSummary> {
  bySlug ??= new Map((JSON.parse(index.json) as { courses: CourseSummary[] }).courses.map((c) => [c.slug, c]));
  return bySlug;
}

/** What cohort and join answers say about a course. */
export function courseBrief(slug: string) {
  const c = catalogue().get(slug);
  // A course removed from the build after a cohort chose it still shows, by its slug.
  return c
    ? { slug, title: c.title, certification: c.certification, iri: c.iri }
    : { slug, title: { lo: slug, en: slug }, certification: false, iri: null };
}
