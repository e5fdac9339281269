import type { OperationModel, ServiceModel } from '../models/model.js';

// Reads a service model as AWS names its operations: `Create<X>`, `Describe<X>` / `Get<X>`, `List<X>s`,
// `Search<X>s`, `Update<X><Part>`, `Delete<X>`, `Associate<X><Part>`, `Disassociate<X><Part>`. Every noun X that
// some operation creates or describes is a family of resources; each operation is sorted into what it does to
// which family. Where the names alone cannot tell, a small table of overrides per service says it.

export type Verb =
  | 'create'
  | 'describe'
  | 'list'
  | 'search'
  | 'update'
  | 'delete'
  | 'associate'
  | 'disassociate'
  | 'listPart'
  | 'action';

/** A kind of resource the engine stores, found from the model. */
export interface Family {
  noun: string;
  /** The operation that makes one (Create<X>, or Start<X> / Associate<X> where nothing else does). */
  create?: string;
  describe?: string;
  delete?: string;
  /** The member that carries the resource's own id in requests (`ViewId`, `Name`, `botId`). */
  idMember: string;
  /** Members naming the resources it lives in (`InstanceId`, `HoursOfOperationId`, `botId`/`botVersion`). */
  scope: string[];
}

export interface OperationPlan {
  verb: Verb;
  family?: Family;
  /** For `listPart`, `associate` and `disassociate`: the part of the resource (`EmailAddresses`). */
  part?: string;
}

/** What a service says where names do not. */
export interface FamilyOverrides {
  /** Nouns that are families although no operation creates them (`AuthenticationProfile`). */
  extraNouns?: readonly string[];
  /** Operations to read as another verb and family: `{ ActivateEvaluationForm: ['update', 'EvaluationForm'] }`. */
  operations?: Readonly<Record<string, readonly [Verb, string?]>>;
  /** The id member of a family, where the model's paths do not show it. */
  idMembers?: Readonly<Record<string, string>>;
}

const VERBS = [
  'Create',
  'Describe',
  'Get',
  'List',
  'Search',
  'Update',
  'Delete',
  'Associate',
  'Disassociate',
  'Start',
] as const;

function splitName(name: string): [string, string] {
  const verb = VERBS.find((candidate) => name.startsWith(candidate) && /^[A-Z]/.test(name.slice(candidate.length)));
  return verb ? [verb, name.slice(verb.length)] : ['', name];
}

/** `Views` -> `View`, `Vocabularies` -> `Vocabulary`, `HoursOfOperations` -> `HoursOfOperation`. */
export function singular(plural: string): string[] {
  const forms: string[] = [];
  if (plural.endsWith('ies')) forms.push(`${plural.slice(0, -3)}y`);
  if (plural.endsWith('es')) forms.push(plural.slice(0, -2));
  if (plural.endsWith('s')) forms.push(plural.slice(0, -1));
  forms.push(plural);
  return forms;
}

function uriLabels(operation: OperationModel | undefined): string[] {
  if (!operation) return [];
  return [...operation.http.requestUri.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1] as string);
}

/** Members bound to the URI, by member name (labels carry member names through `locationName`). */
function uriMembers(model: ServiceModel, operation: OperationModel | undefined): string[] {
  if (!operation?.input) return [];
  const labels = uriLabels(operation);
  const members = model.structure(operation.input.shape).members;
  return labels.map(
    (label) =>
      Object.entries(members).find(
        ([name, ref]) => ref.location === 'uri' && (ref.locationName ?? name) === label,
      )?.[0] ?? label,
  );
}

function inputMembers(model: ServiceModel, operation: OperationModel | undefined): string[] {
  return operation?.input ? Object.keys(model.structure(operation.input.shape).members) : [];
}

/** The families of a model and the plan of each operation. */
export class ModelFamilies {
  readonly families = new Map<string, Family>();
  private readonly plans = new Map<string, OperationPlan>();
  /** Nouns, longest first, so that `ContactFlowModule` wins over `ContactFlow`. */
  private readonly nouns: string[];

  constructor(
    private readonly model: ServiceModel,
    overrides: FamilyOverrides = {},
  ) {
    const names = Object.keys(model.operations);
    const has = (name: string) => Object.hasOwn(model.operations, name);
    const nouns = new Set<string>(overrides.extraNouns ?? []);
    // A noun only described or fetched (GetMetricData) is a query, not a resource, unless something else acts on it.
    const actedOn = (noun: string) =>
      names.some(
        (name) =>
          name !== `Describe${noun}` && name !== `Get${noun}` && name.slice(splitName(name)[0].length).startsWith(noun),
      );
    for (const name of names) {
      const [verb, rest] = splitName(name);
      if (verb === 'Create' && rest !== '') nouns.add(rest);
      if ((verb === 'Describe' || verb === 'Get') && rest !== '' && actedOn(rest)) nouns.add(rest);
    }
    const primary = [...nouns];
    for (const name of names) {
      const [verb, rest] = splitName(name);
      // Associate<X> makes an X only where X is not a part of another resource (AssociateQueueQuickConnects).
      const partOfAnother = primary.some((noun) => rest.startsWith(noun) && rest !== noun);
      if (
        (verb === 'Start' || verb === 'Associate') &&
        !partOfAnother &&
        (has(`Describe${rest}`) || listOf(rest, has))
      ) {
        nouns.add(rest);
      }
    }
    this.nouns = [...nouns].sort((a, b) => b.length - a.length);
    for (const noun of this.nouns) this.families.set(noun, this.family(noun, has, overrides));
    for (const name of names) this.plans.set(name, this.classify(name, overrides));
  }

  plan(operation: string): OperationPlan {
    return this.plans.get(operation) ?? { verb: 'action' };
  }

  private family(noun: string, has: (name: string) => boolean, overrides: FamilyOverrides): Family {
    const pick = (...candidates: string[]) => candidates.find(has);
    const create = pick(`Create${noun}`, `Start${noun}`, `Associate${noun}`);
    const describe = pick(`Describe${noun}`, `Get${noun}`);
    const remove = pick(`Delete${noun}`, `Disassociate${noun}`);
    const list = listOf(noun, has);
    const op = (name: string | undefined) => (name ? this.model.operations[name] : undefined);
    const createUri = uriMembers(this.model, op(create));
    const listUri = uriMembers(this.model, op(list));
    const scope = list && listUri.length > 0 ? listUri : create ? createUri : [];
    const own = [describe, remove, ...this.updatesOf(noun)].flatMap((name) =>
      uriMembers(this.model, op(name)).filter((member) => !scope.includes(member)),
    );
    const createdFrom = createUri.find((member) => !scope.includes(member));
    const idMember =
      overrides.idMembers?.[noun] ??
      idLike(own, noun) ??
      (scope.length === 0 ? own.at(-1) : own[0]) ??
      createdFrom ??
      idLike(inputMembers(this.model, op(describe)), noun) ??
      `${noun}Id`;
    // Without a listing, what else the describe path names is where the resource lives (`InstanceId` of a contact).
    const describedIn = uriMembers(this.model, op(describe)).filter((member) => member !== idMember);
    const where = scope.length > 0 ? scope : describedIn;
    return { noun, create, describe, delete: remove, idMember, scope: where.filter((member) => member !== idMember) };
  }

  /** Update<X><Part> operations of this noun, not of a longer one (`UpdateContactFlowModuleContent`). */
  private updatesOf(noun: string): string[] {
    const longer = this.nouns.filter((other) => other.length > noun.length && other.startsWith(noun));
    return Object.keys(this.model.operations).filter(
      (name) => name.startsWith(`Update${noun}`) && !longer.some((other) => name.startsWith(`Update${other}`)),
    );
  }

  private classify(name: string, overrides: FamilyOverrides): OperationPlan {
    const forced = overrides.operations?.[name];
    if (forced) return { verb: forced[0], family: forced[1] ? this.families.get(forced[1]) : undefined };
    const [verb, rest] = splitName(name);
    const exact = this.families.get(rest);
    if (exact && verb === 'Update') return { verb: 'update', family: exact };
    switch (verb) {
      case 'Create':
        return { verb: 'create', family: exact };
      case 'Describe':
      case 'Get':
        return exact ? { verb: 'describe', family: exact } : { verb: 'action' };
      case 'Start':
      case 'Associate':
        if (exact?.create === name) return { verb: 'create', family: exact };
        break;
      case 'Delete':
        if (exact) return { verb: 'delete', family: exact };
        break;
      case 'Disassociate':
        if (exact?.delete === name) return { verb: 'delete', family: exact };
        break;
      case 'List':
      case 'Search': {
        const family = singular(rest)
          .map((form) => this.families.get(form))
          .find(Boolean);
        if (family) return { verb: verb === 'List' ? 'list' : 'search', family };
        break;
      }
    }
    const owner = this.nouns.find((noun) => rest.startsWith(noun) && rest.length > noun.length);
    const family = owner ? this.families.get(owner) : undefined;
    const part = owner ? rest.slice(owner.length) : undefined;
    // A part needs the resource's id in the request; AssociateSecurityProfiles names its entity otherwise.
    const names = family ? inputMembers(this.model, this.model.operations[name]) : [];
    if (!family || !names.includes(family.idMember)) return { verb: 'action' };
    if (verb === 'Update') return { verb: 'update', family, part };
    if (verb === 'Associate') return { verb: 'associate', family, part };
    if (verb === 'Disassociate') return { verb: 'disassociate', family, part };
    if (verb === 'List') return { verb: 'listPart', family, part };
    return { verb: 'action' };
  }
}

function listOf(noun: string, has: (name: string) => boolean): string | undefined {
  return [`List${noun}s`, `List${noun}es`, `List${noun.replace(/y$/, 'ies')}`, `List${noun}`].find(has);
}

function idLike(members: string[], noun: string): string | undefined {
  const lower = noun.toLowerCase();
  return members.find((member) => member.toLowerCase() === `${lower}id`);
}
