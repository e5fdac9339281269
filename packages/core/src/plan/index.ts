export * from './model.js';
export * from './options.js';
export * from './render.js';
export * from './saved.js';
export * from './schema.js';
export * from './outcome.js';
