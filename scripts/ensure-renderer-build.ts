/**
 * The screens' build check, for the tests and benchmarks that need out/renderer before they
 * start: the same code `npm run hub` runs before it starts (scripts/build.mjs).
 */
export { BUILT_MARKER, RENDERER_SOURCES, buildRenderer, newestMtime, rendererBuildState } from './build.mjs'
