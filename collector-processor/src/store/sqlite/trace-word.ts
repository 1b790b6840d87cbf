/**
 * How trace ids are looked up, in SQL form (for migrations) and JavaScript
 * form (for the values a statement binds); the two must agree. Real trace ids
 * are random, so each batch's land all over whatever indexes them.
 */

const LOWER_HEX = /^[0-9a-f]*$/;

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
