import type * as Esbuild from 'esbuild';

export declare function bundle(esbuild: typeof Esbuild, where: { root: string; entryPoint: string; outfile: string }): Promise<void>;
