import { packageTestConfig } from '../../vitest.shared.js';

// A pipeline test runs several executables and the AWS CLI one after another, as CodeBuild does.
export default packageTestConfig({ testTimeout: 180_000 });
