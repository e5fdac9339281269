// Library entry: the same steps the executable runs, for application repositories.
export { deployCommand } from './commands/deploy.js';
export { callbackSpecSchema, loadSpec, type CallbackSpec, type LoadedSpec, type QueueSpec } from './spec.js';
export { resourcesFromSpec } from './sources.js';
export { planConfigTable, resolveItem, toTyped, verifyItems } from './config-table.js';
export { definition } from './cli.js';
