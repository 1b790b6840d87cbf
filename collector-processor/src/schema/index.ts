/**
 * The event schema: one TypeBox source, from which both the JSON Schema
 * (the value) and the TypeScript type (the type) derive.
 */
export * from './enums.ts';
export * from './event.ts';
export * from './validate.ts';
