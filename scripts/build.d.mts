/** Types of scripts/build.mjs (plain JavaScript so it runs without a TypeScript loader). */
import type { BuildOptions } from 'esbuild'

export interface BuildState {
  stale: boolean
  reason: string
}
export declare const RENDERER_SOURCES: string[]
export declare const BUILT_MARKER: string
export declare const HUB_SOURCES: string[]
export declare const HUB_ENTRIES: Record<string, string>
export declare const OPTIONAL_HUB_ENTRIES: Record<string, string>
export declare const HUB_MARKER: string
export declare function newestMtime(path: string): number
export declare function rendererBuildState(root: string): BuildState
export declare function hubBuildState(root: string): BuildState
export declare function buildToolsPresent(root: string): boolean
export declare function buildRenderer(root: string): number
export declare function hubBuildOptions(root: string, entryPoints: Record<string, string>, outdir?: string): BuildOptions
export declare function buildHub(root: string): Promise<number>
export declare function ensureBuilt(root: string, options?: { force?: boolean; only?: 'hub' | 'screens' | null; quiet?: boolean }): Promise<number>
