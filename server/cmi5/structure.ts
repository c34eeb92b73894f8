// The cmi5 course structure of a Champa course (cmi5 spec §13, §14): cmi5.xml per the
// CourseStructure.xsd, and the ZIP package holding it at its root, for import into an LMS.
// Also the cmi5 facts the AU side shares with the player (verbs, extension and category
// IRIs live in components/cmi5/cmi5.ts). Not for launching: routes.ts serves the AU page.
//
// Granularity: one AU per course. The course is what Champa tracks, resumes and certifies,
// and <champa-course> is one player with its own outline, so a learner on a phone does not go
// back to the LMS between modules. Module, lesson and question detail still reaches the
// LMS's LRS as "cmi5 allowed" statements inside the session. The AU's moveOn follows the
// course rules: a course certified by a final exam is CompletedAndPassed (all modules
// completed, final exam scaled score >= masteryScore); any other is Completed, with no
// masteryScore, because no AU-level activity is judged.
import { zipSync } from 'fflate';
import type { CompiledCourse, Localized } from '../../courses/schema.js';

/** The namespace of the cmi5 (Quartz) CourseStructure.xsd. */
export const CMI5_NAMESPACE = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';
export const COURSE_ACTIVITY_TYPE = 'http://adlnet.gov/expapi/activities/course';

export type MoveOn = 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';

export interface AuPlan {
  /** The publisher's AU id: the course IRI + "/au" (the course element keeps the course IRI). */
  id: string;
  /** Fully qualified: the package carries no media, so every URL points at this deployment. */
  url: string;
  moveOn: MoveOn;
  masteryScore: number | null;
  launchMethod: 'OwnWindow' | 'AnyWindow';
}

/** The AU id for a course: derived from, and distinct from, the course's activity IRI. */
export const auIdOf = (courseIri: string) => `${courseIri}/au`;

/** Where an LMS launches the course's AU (server/cmi5/routes.ts serves it). */
export const auUrlOf = (publicUrl: string, slug: string) => `${publicUrl}/cmi5/${slug}`;

/** What the one AU of `course` is, per the course rules. */
export function auPlan(course: Pick<CompiledCourse, 'iri' | 'slug' | 'rules' | 'finalExam'>, publicUrl: string): AuPlan {
  const judged = course.rules.certifies === 'final-exam-passed' && course.finalExam !== null;
  return {
    id: auIdOf(course.iri),
    url: auUrlOf(publicUrl, course.slug),
    moveOn: judged ? 'CompletedAndPassed' : 'Completed',
    masteryScore: judged ? course.rules.masteryScore : null,
    // The player fills a phone's screen; an LMS frame around it would not leave it room.
    launchMethod: 'OwnWindow',
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** A langstring per locale, Lao first (the default locale). */
function langstrings(text: Localized, indent: string): string {
  return (['lo', 'en'] as const).map((l) => `${indent}<langstring lang="${l}">${escapeXml(text[l])}</langstring>`).join('\n');
}

/** masteryScore as xs:decimal with at most 4 places (cmi5 §13.1.4). */
function decimal(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

/** cmi5.xml for the course: a course element with the course IRI and its one AU. */
export function courseStructureXml(course: CompiledCourse, publicUrl: string): string {
  const au = auPlan(course, publicUrl);
  const attrs = [
    `id="${escapeXml(au.id)}"`,
    `moveOn="${au.moveOn}"`,
    ...(au.masteryScore !== null ? [`masteryScore="${decimal(au.masteryScore)}"`] : []),
    `launchMethod="${au.launchMethod}"`,
    `activityType="${COURSE_ACTIVITY_TYPE}"`,
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="${CMI5_NAMESPACE}">
  <course id="${escapeXml(course.iri)}">
    <title>
${langstrings(course.title, '      ')}
    </title>
    <description>
${langstrings(course.summary, '      ')}
    </description>
  </course>
  <au ${attrs.join(' ')}>
    <title>
${langstrings(course.title, '      ')}
    </title>
    <description>
${langstrings(course.summary, '      ')}
    </description>
    <url>${escapeXml(au.url)}</url>
  </au>
</courseStructure>
`;
}

/** The course package (cmi5 §14.1): a ZIP with cmi5.xml at its root and nothing else. */
export function coursePackageZip(course: CompiledCourse, publicUrl: string): Uint8Array {
  // A fixed date keeps the bytes, and so the ETag, the same for the same course version.
  const mtime = new Date('2020-01-01T00:00:00Z');
  return zipSync({ 'cmi5.xml': [new TextEncoder().encode(courseStructureXml(course, publicUrl)), { level: 9, mtime }] });
}
