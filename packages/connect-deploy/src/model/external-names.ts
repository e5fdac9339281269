import type { PlaceholderValues } from '@edd/core';
import type { LambdaRef, LexRef } from '../references/types.js';
import { EnvironmentValues, NameMapping, PhoneMapping, type ConnectDeployConfig } from './config.js';

/** How a logical name in an export becomes the name in an environment, and back. */
export interface NameRule {
  toEnvironment(logical: string): string;
  toLogical(name: string): string;
  exportName(name: string): { logical: string } | { literal: string };
}

/** Environment-specific names and values: Lambda functions, Lex bots, phone numbers and `environmentValues`. */
export class ExternalNames {
  readonly lambda: NameRule;
  readonly lex: NameRule;
  readonly phones: PhoneMapping;
  readonly values: EnvironmentValues;

  constructor(config: ConnectDeployConfig, placeholders: PlaceholderValues, overrides: { lambda?: NameRule } = {}) {
    this.lambda = overrides.lambda ?? new NameMapping(config.lambdaFunctionName, placeholders, 'lambdaFunctionName');
    this.lex = new NameMapping(config.lexBotName, placeholders, 'lexBotName');
    this.phones = new PhoneMapping(config.phoneNumbers, placeholders.Environment);
    this.values = new EnvironmentValues(config.environmentValues, placeholders);
  }

  /** The function's name in this environment: a literal `name` as written, a logical `function` through the rule. */
  lambdaFunction(ref: LambdaRef): string {
    return ref.name ?? this.lambda.toEnvironment(ref.function!);
  }

  lexBot(ref: LexRef): string {
    return ref.name ?? this.lex.toEnvironment(ref.bot!);
  }

  /** How an export names a function of this environment. */
  lambdaExportName(functionName: string): { function: string } | { name: string } {
    const named = this.lambda.exportName(functionName);
    return 'logical' in named ? { function: named.logical } : { name: named.literal };
  }

  lexExportName(botName: string): { bot: string } | { name: string } {
    const named = this.lex.exportName(botName);
    return 'logical' in named ? { bot: named.logical } : { name: named.literal };
  }
}
