/** Types of scripts/first-page.mjs. */
export declare function timeToPage(options: { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv; url: string; timeoutMs?: number }): Promise<number>
export declare function firstPage(root: string): Promise<{ firstMs: number; restartMs: number }>
