import {
  AssociateBotCommand,
  ConnectClient,
  ResourceConflictException,
  paginateListBots,
  paginateListInstances,
} from '@aws-sdk/client-connect';
import { UsageError, toAwsOperationError, type AwsClients } from '@edd/core';

export interface ConnectInstance {
  id: string;
  alias: string;
}

/** The Connect side of a bot: which instance, and whether the bot alias is associated with it. */
export class ConnectBots {
  private readonly client: ConnectClient;

  constructor(clients: AwsClients) {
    this.client = clients.get(ConnectClient);
  }

  /** The active instance with that alias; an alias that names none is a configuration error (exit 2). */
  async instance(alias: string): Promise<ConnectInstance> {
    const aliases: string[] = [];
    try {
      for await (const page of paginateListInstances({ client: this.client }, {})) {
        for (const instance of page.InstanceSummaryList ?? []) {
          if (instance.InstanceAlias === alias && instance.Id) {
            if (instance.InstanceStatus !== 'ACTIVE')
              throw new UsageError(`Connect instance ${alias} is ${instance.InstanceStatus}, not ACTIVE`);
            return { id: instance.Id, alias };
          }
          if (instance.InstanceAlias) aliases.push(instance.InstanceAlias);
        }
      }
    } catch (error) {
      throw toAwsOperationError(error, 'Connect:ListInstances');
    }
    throw new UsageError(
      `no Connect instance with the alias '${alias}' in the target account (${aliases.length > 0 ? `found ${aliases.join(', ')}` : 'it has none'}); check --connect-instance-alias`,
    );
  }

  async associated(instance: ConnectInstance, aliasArn: string): Promise<boolean> {
    try {
      for await (const page of paginateListBots(
        { client: this.client },
        { InstanceId: instance.id, LexVersion: 'V2' },
      )) {
        if ((page.LexBots ?? []).some((bot) => bot.LexV2Bot?.AliasArn === aliasArn)) return true;
      }
      return false;
    } catch (error) {
      throw toAwsOperationError(error, 'Connect:ListBots', instance.alias);
    }
  }

  /** Associates the alias; one associated meanwhile (another run) is success. */
  async associate(instance: ConnectInstance, aliasArn: string): Promise<'associated' | 'exists'> {
    try {
      await this.client.send(new AssociateBotCommand({ InstanceId: instance.id, LexV2Bot: { AliasArn: aliasArn } }));
      return 'associated';
    } catch (error) {
      if (error instanceof ResourceConflictException) return 'exists';
      throw toAwsOperationError(error, 'Connect:AssociateBot', `${instance.alias} ${aliasArn}`);
    }
  }
}
