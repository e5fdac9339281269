// Replaces the `level` package in the single-file executable (see tsup.config.ts). dynalite uses `level` only for
// tables kept on disk, which needs a native addon that cannot be inlined into one file; local-aws keeps tables in
// memory, through dynalite's `memory-level`.
export class Level {
  constructor() {
    throw new Error('local-aws keeps DynamoDB tables in memory only');
  }
}
