export function buildFakeHidBundle(options?: { outfile?: string; minify?: boolean }): Promise<string>;
