/**
 * Public shapes of the diff stage. `DiffResult` is the JSON contract `specs:diff --format json`
 * prints and scripts read: keep its keys exactly as they are.
 */

/** How serious a change is for code that uses a generated TypeScript client. */
export type Level = 'ERR' | 'WARN' | 'INFO';

/** Levels from most to least severe; index order is used for comparisons. */
export const LEVELS: readonly Level[] = ['ERR', 'WARN', 'INFO'];

/** Whether a rule is about what the client sends, what it receives, or neither. */
export type Direction = 'request' | 'response' | 'none';

/** The category a rule belongs to (the sections of the review report). */
export type Area =
  | 'operations'
  | 'parameters'
  | 'request-body'
  | 'responses'
  | 'response-headers'
  | 'security'
  | 'servers'
  | 'docs';

/**
 * What happened, independent of severity (oasdiff calls this the action): something was added,
 * removed, changed, made stricter (`narrow`), made looser (`widen`), deprecated or renamed.
 */
export type Kind = 'add' | 'remove' | 'change' | 'narrow' | 'widen' | 'deprecate' | 'rename';

/** Suggested version bump for the client package. */
export type Semver = 'major' | 'minor' | 'patch' | 'none';

/** The operation a change belongs to. */
export interface OperationRef {
  method: string;
  path: string;
  operationId: string;
}

/** A place in `src/` that uses a changed operation. */
export interface Affect {
  /** The enclosing named function, method or property (`zitadelUsers.deactivate`). */
  symbol: string;
  /** Repository-relative path with forward slashes. */
  file: string;
  /** 1-based line. */
  line: number;
}

/** One reported change. */
export interface Change {
  /** Rule id from the registry. */
  id: string;
  level: Level;
  direction: Direction;
  operation?: OperationRef;
  /** JSON pointer (RFC 6901, no leading `#`) into the revision, or into the base for removals. */
  pointer: string;
  message: string;
  /** Set only when the compile check ran for this change's operation. */
  breaksCompile?: boolean;
  /** Set only when the facade impact finder ran and found uses. */
  affects?: Affect[];
}

/** Count of changes per level. */
export interface Summary {
  ERR: number;
  WARN: number;
  INFO: number;
}

/** The result of comparing two documents: exactly these three keys. */
export interface DiffResult {
  changes: Change[];
  summary: Summary;
  semver: Semver;
}

/** A rule of oasdiff's rule table that judges the same change, with its default level there. */
export interface OasdiffRule {
  id: string;
  level: Level;
}

/** Registry entry: everything about a rule except its logic and message text. */
export interface RuleMeta {
  id: string;
  /** Default level; a level file may override it, rule code never decides it. */
  level: Level;
  direction: Direction;
  area: Area;
  kind: Kind;
  /**
   * oasdiff's rules for the same change (several when oasdiff splits what one of ours covers);
   * empty when oasdiff has none. Our level follows theirs unless {@link RuleMeta.differs} says why.
   */
  oasdiff: readonly OasdiffRule[];
  /** Why our level is not oasdiff's (required whenever a counterpart's level differs). */
  differs?: string;
}
