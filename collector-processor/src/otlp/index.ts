export { decodeLogsJson, decodeTraceJson } from './json.ts';
export { decodeLogsProtobuf, decodeTraceProtobuf } from './protobuf.ts';
export { OtlpDecodeError } from './errors.ts';
export type * from './model.ts';
