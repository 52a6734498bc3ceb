/**
 * The upstream history the replay walks: for each provider, the dated snapshots in
 * ../shared/upstream in the order they were published, each naming the file of every source the
 * provider's keep-list reads. A source that was published only once (SailPoint beta and oauth)
 * stays the same file at every date.
 *
 * `compatible` is what issue 9 expects of the step from the previous date: no kept operation is
 * removed and no facade type breaks, so a review that stops regen there is a finding.
 */
import path from 'node:path';
import { repoRoot } from '../helpers/temp-repo.js';

/** Where the snapshots are read from (never copied into the project). */
export const UPSTREAM = path.resolve(repoRoot, '../shared/upstream');

/** One published state of a provider's upstream. */
export interface Snapshot {
  /** Publication date, as in the file names. */
  date: string;
  /** Absolute file per source id. */
  files: Record<string, string>;
  /** For every date but the first: why the step to this date should not break anything. */
  compatible?: string;
}

/** A provider's history, oldest first. */
export interface Timeline {
  provider: string;
  snapshots: Snapshot[];
}

const sailpoint = (file: string): string => path.join(UPSTREAM, 'sailpoint', file);
const zitadel = (date: string): string => path.join(UPSTREAM, 'zitadel', `zitadel-apidocs-swagger2-${date}.json`);
const sailpointAt = (date: string): Record<string, string> => ({
  v3: sailpoint(`sailpoint-v3-deref-${date}.yaml`),
  beta: sailpoint('sailpoint-beta-deref-2026-08-04.yaml'),
  oauth: sailpoint('sailpoint-oauth-deref-2026-05-24.yaml'),
});

/** The replayed histories. */
export const TIMELINES: readonly Timeline[] = [
  {
    provider: 'sailpoint',
    snapshots: [
      { date: '2025-08-25', files: sailpointAt('2025-08-25') },
      { date: '2025-10-29', files: sailpointAt('2025-10-29'), compatible: 'removes /vendor-connector-mappings, which the keep-list does not keep' },
      { date: '2026-03-31', files: sailpointAt('2026-03-31'), compatible: 'account operations also accept applicationAuth (PROVIDERS.md D18): a new alternative, nothing taken away' },
      { date: '2026-08-04', files: sailpointAt('2026-08-04'), compatible: 'no kept operation changes' },
    ],
  },
  {
    provider: 'zitadel',
    snapshots: [
      { date: '2025-03-23', files: { apidocs: zitadel('2025-03-23') } },
      { date: '2025-04-06', files: { apidocs: zitadel('2025-04-06') }, compatible: 'phantom 201/202/203 (D12) and JSON-only media types (D11); the facade speaks JSON and reads 200' },
    ],
  },
];
