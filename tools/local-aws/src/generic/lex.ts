import { randomInt } from 'node:crypto';
import type { ServiceEmulator } from '../services/service.js';
import { GenericEngine, withGenericEngine } from './engine.js';

// Lex V2 model building's resources for the generic engine: ten-character ids as Lex mints them, ARNs under
// `arn:<partition>:lex:<region>:<account>:<kind>/...`, names compared exactly.

const ID_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function lexId(): string {
  return Array.from({ length: 10 }, () => ID_CHARACTERS[randomInt(ID_CHARACTERS.length)]).join('');
}

function partition(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The Lex service with every model-building operation it does not handle answered by the generic engine. */
export function withLexGenericEngine(lex: ServiceEmulator): ServiceEmulator {
  const engine = new GenericEngine(lex.model, {
    // DRAFT is a version no DescribeBotVersion answers for.
    unchecked: ['botVersion'],
    arn: (family, id, scope, context) => {
      const kind = family.noun.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
      const path = [...Object.values(scope), id].join('/');
      return `arn:${partition(context.region)}:lex:${context.region}:${context.account}:${kind}/${path}`;
    },
    mintId: () => lexId(),
    caseInsensitiveNames: false,
    validationError: (message, operation) => lex.validationError(message, operation),
  });
  return withGenericEngine(lex, engine);
}
