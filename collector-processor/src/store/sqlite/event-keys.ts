/**
 * How event ids and trace ids are looked up, each in its SQL form (for the
 * schema and migrations) and its JavaScript form (for the values a statement
 * binds); the two must agree. Real ids of both kinds are random (event ids are
 * hashes, pipeline/event-id.ts), so each batch's inserts land all over
 * whatever indexes them.
 */

const LOWER_HEX = /^[0-9a-f]*$/;

/**
 * The key an event id is kept unique and found by (events_by_id): a lowercase
 * hex id as its bytes, half as long as the text, so the index that every
 * insert touches at a random place is small; any other id as itself. Text
 * never equals a blob, so distinct ids keep distinct keys.
 */
export const ID_KEY = (id: string) =>
  `iif(lower(${id}) = ${id}, coalesce(unhex(${id}), ${id}), ${id})`;

/** ID_KEY of one id, to bind. */
export function idKey(id: string): string | Uint8Array {
  return id.length % 2 === 0 && LOWER_HEX.test(id) ? Buffer.from(id, 'hex') : id;
}

/**
 * The word a trace id is indexed under (events_traces): a lowercase hex id as
 * itself, any other as 'x' and the hex of its bytes, so each trace id is one
 * word of the text index and no two share one.
 */
export const TRACE_WORD = (trace: string) =>
  `iif(${trace} <> '' AND ${trace} NOT GLOB '*[^0-9a-f]*', ${trace}, 'x' || lower(hex(${trace})))`;

/** TRACE_WORD of one trace id. */
export function traceWord(trace: string): string {
  return trace !== '' && LOWER_HEX.test(trace) ? trace : `x${Buffer.from(trace).toString('hex')}`;
}
