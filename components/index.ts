// The entry of the browser build: defines every champa-* element. /embed.js imports the
// hashed build of this file. Not for anything else: each element lives in its own folder.
export { ChampaCourse, type Learner } from './champa-course/champa-course.js';
export { ChampaLesson } from './champa-lesson/champa-lesson.js';
export { ChampaOutline } from './champa-outline/champa-outline.js';
export { ChampaProgress } from './champa-progress/champa-progress.js';
export { ChampaQuestion } from './champa-question/champa-question.js';
export { ChampaQuiz } from './champa-quiz/champa-quiz.js';
export { ChampaScenario } from './champa-scenario/champa-scenario.js';
export * from './shared/events.js';

// Elements that most pages do not show load on demand, as their own chunks, so they cost
// nothing on a page that only plays a course: when the page has one now, or gets one later.
const lazy: Record<string, () => Promise<unknown>> = {
  'champa-join': () => import('./champa-join/champa-join.js'),
  'champa-exam': () => import('./champa-exam/champa-exam.js'),
};
const wanted = (root: ParentNode) => Object.keys(lazy).filter((tag) => root.querySelector(tag));
function load(tags: string[]): void {
  for (const tag of tags) {
    const get = lazy[tag];
    if (!get) continue;
    delete lazy[tag];
    get().catch((err: unknown) => console.warn(`champa: ${tag} could not load`, err));
  }
  if (Object.keys(lazy).length === 0) observer?.disconnect();
}
const observer = typeof MutationObserver === 'undefined' ? null : new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) load([...(lazy[n.localName] ? [n.localName] : []), ...wanted(n)]);
});
if (typeof document !== 'undefined') {
  load(wanted(document));
  if (Object.keys(lazy).length) observer?.observe(document, { childList: true, subtree: true });
}
