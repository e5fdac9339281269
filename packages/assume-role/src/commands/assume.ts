import { requireTarget, type StepContext } from '@edd/core';
import type { AssumeOptions } from '../cli.js';
import { assumeRole } from '../assume.js';
import { checkConfigFileWritable, formatCredentialProcess, formatEnv, writeProfile } from '../output.js';
import { runWithCredentials } from '../run-command.js';
import { defaultConfigFile, roleArn, sessionNameFrom } from '../session.js';

export async function assumeCommand(
  options: AssumeOptions & { command?: string[] },
  ctx: StepContext,
): Promise<number> {
  const target = requireTarget(ctx);
  const arn = roleArn(target.account, options.roleName, target.region);
  const sessionName = options.sessionName ?? sessionNameFrom(ctx.env.CODEBUILD_BUILD_ID);
  const configFile = options.configFile ?? defaultConfigFile(ctx.env);
  if (!options.command && options.format === 'profile') await checkConfigFileWritable(configFile);
  const assumed = await assumeRole(ctx.aws, {
    roleArn: arn,
    sessionName,
    durationSeconds: options.duration,
    ...(options.externalId ? { externalId: options.externalId } : {}),
    expectedAccount: target.account,
  });
  ctx.logger.info(
    `assumed ${assumed.arn} for ${target.label}, valid until ${assumed.credentials.expiration.toISOString()}`,
  );
  ctx.report.set('roleArn', arn);
  ctx.report.set('assumedRoleArn', assumed.arn);
  ctx.report.set('expiration', assumed.credentials.expiration.toISOString());

  if (options.command) {
    return runWithCredentials(options.command, assumed.credentials, target.region, ctx.env);
  }
  switch (options.format) {
    case 'json':
      ctx.stdout.write(formatCredentialProcess(assumed.credentials));
      break;
    case 'profile': {
      const file = configFile;
      await writeProfile(file, {
        name: options.profileName,
        roleArn: arn,
        region: target.region,
        sessionName,
        durationSeconds: options.duration,
        credentialSource: options.credentialSource,
        ...(options.externalId ? { externalId: options.externalId } : {}),
      });
      ctx.logger.info(`wrote profile ${options.profileName} to ${file} (no secrets on disk)`);
      ctx.stdout.write(
        `unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN\nexport AWS_PROFILE='${options.profileName}'\nexport AWS_REGION='${target.region}'\n`,
      );
      break;
    }
    default:
      ctx.stdout.write(formatEnv(assumed.credentials, target.region));
  }
  return 0;
}
