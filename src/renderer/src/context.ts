import type { InjectionKey } from 'vue'

/** This terminal's name (see route.ts), for per-terminal storage keys. */
export const TERMINAL: InjectionKey<string> = Symbol('terminal')
