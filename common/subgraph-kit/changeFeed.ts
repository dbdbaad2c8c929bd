/**
 * The sync feed (ändringsflöde) of a subgraph's lists, in commit order, with tombstones.
 *
 * A table on the feed has `andrad_xid` (the id of the transaction that last inserted or updated
 * the row) and `uppdaterad` (when, by the clock), both set by a trigger so that no write path can
 * forget them; a deleted row, and the old key of a row whose key changed, becomes a row of
 * `borttagen` in the deleting transaction, by another trigger. Deletes by the service, by an
 * admin in psql or by a restore are all recorded.
 *
 * A list is read in the order (andrad_xid, tombstone before row, tie-break) and only below the
 * horizon `pg_snapshot_xmin`: no transaction older than that can still commit, so a position
 * once passed never gains a change behind it. See README "Keeping a copy current".
 */

// Four modules, one concern each: the tables and triggers (migrations), positions and markers,
// the shapes a list answers with, and the request's reader.
export * from './changeFeed/installChangeFeed';
export * from './changeFeed/feedMarker';
export * from './changeFeed/FeedPage';
export { ChangeFeed, rowsAfter } from './changeFeed/ChangeFeed';
