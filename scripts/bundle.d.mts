export declare function bundle(
  esbuild: typeof import('esbuild'),
  where: { root: string; entryPoint: string; outfile: string },
): Promise<void>;
