/**
 * The screens built with Naive UI (its providers load with them: NaiveShell.vue). The others —
 * the join and setup pages, home, the kiosk, the hall display, the rating screen — are plain Vue
 * and the project's CSS, and download no component library. Read by App.vue and by
 * scripts/page-weights.ts (which is why it imports nothing).
 */
export const WITH_NAIVE = ['counter', 'manager', 'reports', 'complaints', 'settings'] as const
