// Library entry for application repositories: the verbs as functions, the offline check of a callback.json and
// its types.
export { deploy, plan, type DeployOptions, type DeployResult, type PlanOptions, type StepCall } from './api.js';
export { loadSpec, type CallbackSpec, type LoadedSpec, type QueueSpec } from './spec.js';
