// Course rules over the learner's progress (components/shared/progress.ts): step order,
// module completion per rules.moduleCompletion, course completion, locks and resume data.
import { allModulesComplete, counts, courseComplete, emptyProgress, loadProgress, locked, moduleComplete, nextView, steps, type Progress } from '../../../components/shared/progress.js';
import type { CompiledCourse } from '../../../components/shared/types.js';
import { assert, course, equal } from '../support.js';

const withRule = (c: CompiledCourse, moduleCompletion: CompiledCourse['rules']['moduleCompletion']): CompiledCourse => ({ ...c, rules: { ...c.rules, moduleCompletion } });

describe('shared/progress', () => {
  it('steps run pre-test, each module\'s lessons then quiz, post-test; next after the last is "done"', async () => {
    const c = await course();
    const all = steps(c);
    equal(all[0], { kind: 'pretest' }, 'pre-test first');
    equal(all[1], { kind: 'lesson', module: c.modules[0]!.slug, lesson: c.modules[0]!.lessons[0]!.slug }, 'then the first lesson');
    equal(all.at(-1), { kind: 'posttest' }, 'post-test last');
    equal(nextView(c, all.at(-1)!), { kind: 'done' }, 'then done');
    equal(nextView(c, all[0]!), all[1], 'next');
  });

  it('module completion follows rules.moduleCompletion', async () => {
    const c = await course();
    const mod = c.modules[0]!;
    const read: Progress = { ...emptyProgress(), viewed: mod.lessons.map((l) => l.iri) };
    const passed: Progress = { ...emptyProgress(), assessments: { [mod.quiz!.iri]: { attempts: 1, best: 1, last: 1, passed: true } } };
    const both: Progress = { ...read, assessments: passed.assessments };
    equal([moduleComplete(withRule(c, 'lessons-viewed'), mod, read), moduleComplete(withRule(c, 'lessons-viewed'), mod, passed)], [true, false], 'lessons-viewed');
    equal([moduleComplete(withRule(c, 'quiz-passed'), mod, read), moduleComplete(withRule(c, 'quiz-passed'), mod, passed)], [false, true], 'quiz-passed');
    equal([moduleComplete(withRule(c, 'lessons-and-quiz-passed'), mod, read), moduleComplete(withRule(c, 'lessons-and-quiz-passed'), mod, both)], [false, true], 'lessons-and-quiz-passed');
  });

  it('the course completes with every module, the post-test taken (any score) and a passed final exam if any', async () => {
    const c = withRule(await course(), 'quiz-passed');
    const pass = { attempts: 1, best: 1, last: 1, passed: true };
    const assessments = Object.fromEntries(c.modules.map((m) => [m.quiz!.iri, pass]));
    const p: Progress = { ...emptyProgress(), assessments };
    assert(allModulesComplete(c, p), 'modules done');
    equal(courseComplete(c, p), false, 'not without the post-test');
    assert(locked(c, emptyProgress(), { kind: 'posttest' }), 'post-test locked at first');
    equal(locked(c, p, { kind: 'posttest' }), false, 'open once modules are done');
    const done: Progress = { ...p, assessments: { ...assessments, [c.prePostTest!.posttestIri]: { attempts: 1, best: 0.2, last: 0.2, passed: false } } };
    assert(courseComplete(c, done), 'a low post-test still completes');
    const withExam: CompiledCourse = { ...c, finalExam: { bank: 'x', items: 1, iri: 'https://x/exam', questions: {} } as unknown as CompiledCourse['finalExam'] };
    equal(courseComplete(withExam, done), false, 'an exam must be passed');
    const { done: n, total } = counts(c, done);
    equal(n, c.modules.length + 1, 'quizzes and post-test count; unread lessons do not');
    assert(total > n, 'of more steps');
  });

  it('loadProgress accepts its own shape only', () => {
    equal(loadProgress(undefined), emptyProgress(), 'nothing saved');
    equal(loadProgress({ v: 2 }), emptyProgress(), 'another version');
    const p = { ...emptyProgress(), viewed: ['x'] };
    equal(loadProgress(JSON.parse(JSON.stringify(p))), p, 'round trip');
  });
});
