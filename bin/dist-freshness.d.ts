export declare const DIST_MAIN: string;
export declare function distIsCurrent(root: string): boolean;
