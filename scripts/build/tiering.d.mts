/** Types of ./tiering.mjs (plain JavaScript, loaded without a compiler). */
export declare function tieringFlags(versions?: NodeJS.ProcessVersions): string[];
export declare function applyTiering(): string[];
