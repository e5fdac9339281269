export * from './model.js';
export * from './render.js';
