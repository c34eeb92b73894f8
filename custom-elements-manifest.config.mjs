// `npm run build:manifest`: custom-elements.json from the elements' JSDoc (@summary, @csspart,
// @cssprop, @event) and their Lit properties. Not for the build: the manifest is committed
// for editors and docs, and test/components/manifest.test.ts checks it lists every element.
export default {
  globs: ['components/champa-*/champa-*.ts', 'components/shared/base.ts', 'components/shared/staff-element.ts'],
  exclude: ['components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'champa-documented-events-only',
      // The analyzer also guesses events from `dispatchEvent(new SomeEvent(arg))` and takes the
      // argument for a name; our events are Event subclasses documented with @event, so keep those.
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (decl.events) decl.events = decl.events.filter((e) => e.name?.startsWith('champa-'));
          }
        }
      },
    },
  ],
};
