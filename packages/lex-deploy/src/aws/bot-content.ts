import {
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeIntentCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  LexModelsV2Client,
  paginateListBotLocales,
  paginateListIntents,
  paginateListSlotTypes,
  paginateListSlots,
} from '@aws-sdk/client-lex-models-v2';
import { Semaphore, toAwsOperationError, type AwsClients } from '@edd/core';
import { CONTENT_MEMBERS, objectForm, type BotContent, type LocaleContent } from '../model/content.js';
import type { JsonObject } from '../model/json.js';

/** Describe calls in flight while a bot's content is read: Lex's model API throttles a burst of them. */
const READS_IN_FLIGHT = 4;

// The members of each Describe answer that are content (what an import sets), in the API's names. The rest are
// ids, statuses and timestamps; new members AWS adds later stay out until they are named here.
const BOT_MEMBERS = ['dataPrivacy', 'idleSessionTTLInSeconds', 'roleArn'];
// The files name two members differently: the API's are what a Describe answers.
const API_NAME: Readonly<Record<string, string>> = {
  nluConfidenceThreshold: 'nluIntentConfidenceThreshold',
  slotTypeName: 'slotTypeId',
};
const inApiNames = (members: readonly string[]) => members.map((m) => API_NAME[m] ?? m);
const LOCALE_MEMBERS = inApiNames(CONTENT_MEMBERS.locale);
const INTENT_MEMBERS = inApiNames(CONTENT_MEMBERS.intent);
const SLOT_MEMBERS = inApiNames(CONTENT_MEMBERS.slot);
const SLOT_TYPE_MEMBERS = inApiNames(CONTENT_MEMBERS.slotType);

function pick(answer: object, members: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const member of members) {
    const value = (answer as JsonObject)[member];
    if (value !== undefined && value !== null) out[member] = value;
  }
  return out;
}

async function call<T>(operation: string, resource: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toAwsOperationError(error, `Lex:${operation}`, resource);
  }
}

/**
 * Reads what a bot version holds, through Lex's Describe and List operations only (an export would be a write, and
 * takes longer): the bot's settings, and per locale its settings, intents with their slots, and slot types, in the
 * words of the LexJson files (`name`, `slotTypeName`, `slotPriorities[].slotName`, `messageGroupsList`), so that
 * they compare with the files of the source.
 */
export class BotContentReader {
  private readonly client: LexModelsV2Client;
  private readonly slots = new Semaphore(READS_IN_FLIGHT);

  constructor(clients: AwsClients) {
    this.client = clients.get(LexModelsV2Client);
  }

  private send<T>(operation: string, resource: string, run: () => Promise<T>): Promise<T> {
    return this.slots.run(() => call(operation, resource, run));
  }

  async read(botId: string, botVersion: string, name: string): Promise<BotContent> {
    const bot = await this.send('DescribeBot', name, () => this.client.send(new DescribeBotCommand({ botId })));
    const localeIds = await call('ListBotLocales', `${name} ${botVersion}`, async () => {
      const ids: string[] = [];
      for await (const page of paginateListBotLocales({ client: this.client }, { botId, botVersion }))
        for (const locale of page.botLocaleSummaries ?? []) if (locale.localeId) ids.push(locale.localeId);
      return ids;
    });
    const locales = await Promise.all(
      localeIds.map(async (localeId) => [localeId, await this.locale(botId, botVersion, localeId, name)] as const),
    );
    return { settings: objectForm(pick(bot, BOT_MEMBERS)), locales: new Map(locales) };
  }

  private async locale(botId: string, botVersion: string, localeId: string, name: string): Promise<LocaleContent> {
    const where = `${name} ${botVersion} ${localeId}`;
    const scope = { botId, botVersion, localeId };
    const [settings, slotTypeSummaries, intentSummaries] = await Promise.all([
      this.send('DescribeBotLocale', where, () => this.client.send(new DescribeBotLocaleCommand(scope))),
      call('ListSlotTypes', where, async () => {
        const out: { id: string; name: string }[] = [];
        for await (const page of paginateListSlotTypes({ client: this.client }, scope))
          for (const s of page.slotTypeSummaries ?? [])
            if (s.slotTypeId && s.slotTypeName) out.push({ id: s.slotTypeId, name: s.slotTypeName });
        return out;
      }),
      call('ListIntents', where, async () => {
        const out: { id: string; name: string }[] = [];
        for await (const page of paginateListIntents({ client: this.client }, scope))
          for (const i of page.intentSummaries ?? [])
            if (i.intentId && i.intentName) out.push({ id: i.intentId, name: i.intentName });
        return out;
      }),
    ]);
    const slotTypeNames = new Map(slotTypeSummaries.map((s) => [s.id, s.name]));
    const slotTypes = await Promise.all(
      slotTypeSummaries.map(async ({ id, name: slotTypeName }) => {
        const answer = await this.send('DescribeSlotType', `${where} ${slotTypeName}`, () =>
          this.client.send(new DescribeSlotTypeCommand({ ...scope, slotTypeId: id })),
        );
        return [slotTypeName, objectForm(pick(answer, SLOT_TYPE_MEMBERS))] as const;
      }),
    );
    const intents = await Promise.all(
      intentSummaries.map(async ({ id, name: intentName }) => {
        const at = `${where} ${intentName}`;
        const [answer, slotSummaries] = await Promise.all([
          this.send('DescribeIntent', at, () =>
            this.client.send(new DescribeIntentCommand({ ...scope, intentId: id })),
          ),
          call('ListSlots', at, async () => {
            const out: { id: string; name: string }[] = [];
            for await (const page of paginateListSlots({ client: this.client }, { ...scope, intentId: id }))
              for (const s of page.slotSummaries ?? [])
                if (s.slotId && s.slotName) out.push({ id: s.slotId, name: s.slotName });
            return out;
          }),
        ]);
        const slotNames = new Map(slotSummaries.map((s) => [s.id, s.name]));
        const slots = await Promise.all(
          slotSummaries.map(async ({ id: slotId, name: slotName }) => {
            const slot = await this.send('DescribeSlot', `${at} ${slotName}`, () =>
              this.client.send(new DescribeSlotCommand({ ...scope, intentId: id, slotId })),
            );
            const { slotTypeId, ...rest } = pick(slot, SLOT_MEMBERS);
            // Built-in slot types are named by their signature; custom ones by id, which is the target's own.
            const typeName = typeof slotTypeId === 'string' ? (slotTypeNames.get(slotTypeId) ?? slotTypeId) : undefined;
            return [slotName, objectForm({ ...rest, ...(typeName ? { slotTypeName: typeName } : {}) })] as const;
          }),
        );
        const { slotPriorities, ...rest } = pick(answer, INTENT_MEMBERS);
        const priorities = Array.isArray(slotPriorities)
          ? (slotPriorities as { priority?: number; slotId?: string }[]).map((p) => ({
              priority: p.priority,
              slotName: (p.slotId && slotNames.get(p.slotId)) ?? p.slotId,
            }))
          : undefined;
        const intent = objectForm({ ...rest, ...(priorities ? { slotPriorities: priorities } : {}) });
        return [intentName, { intent, slots: new Map(slots) }] as const;
      }),
    );
    const { nluIntentConfidenceThreshold, ...localeRest } = pick(settings, LOCALE_MEMBERS);
    return {
      settings: objectForm({
        ...localeRest,
        ...(nluIntentConfidenceThreshold !== undefined ? { nluConfidenceThreshold: nluIntentConfidenceThreshold } : {}),
      }),
      intents: new Map(intents),
      slotTypes: new Map(slotTypes),
    };
  }
}
