import { DefaultStackSynthesizer } from 'aws-cdk-lib';

/**
 * These templates are deployed by hand or through Service Catalog, never with `cdk deploy`: no bootstrap version
 * parameter or rule, no asset locations.
 */
export function stackSynthesizer(): DefaultStackSynthesizer {
  return new DefaultStackSynthesizer({ generateBootstrapVersionRule: false });
}
