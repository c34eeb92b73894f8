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
