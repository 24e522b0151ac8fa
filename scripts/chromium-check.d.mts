export declare const DEFAULT_CHROMIUM: string;
export declare function chromiumExecutable(env?: NodeJS.ProcessEnv): string;
export declare function missingChromium(env?: NodeJS.ProcessEnv): string | undefined;
