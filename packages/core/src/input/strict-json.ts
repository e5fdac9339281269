// Strict JSON lives in @edd/cli, which reads configuration files before any step code runs.
export { findDuplicateKey, jsonSyntaxError, parseJsonStrict, type JsonParseResult, type JsonProblem } from '@edd/cli';
