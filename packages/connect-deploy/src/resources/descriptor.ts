import type { z } from 'zod';
import type { ConnectApi } from '../aws/connect-api.js';
import type { InstanceRef } from '../aws/instance.js';

/**
 * One resource type of a Connect instance, declared once: where it lives in an export and what its file may hold,
 * how to read it, create it, update it field by field and delete it, what it may reference and how AWS wants its lists
 * cut. The exporter, validate, the planner, the applier and the reference resolver know nothing but these.
 */

/** A resource as a listing gives it. */
export interface ResourceSummary {
  type: string;
  id: string;
  /** Empty for a type Connect gives no ARN of its own (an hours of operation override). */
  arn: string;
  name: string;
  /** Flow type, for flows. */
  flowType?: string;
  /** What the listing already told, for types whose describe needs nothing more (overrides, a number's flow). */
  listed?: Readonly<Record<string, unknown>>;
}

export interface Identity {
  id: string;
  arn: string;
}

/** What describing a resource gives: its file's fields with concrete ids, and every tag it carries. */
export interface Described<B> {
  body: B;
  /** All tags, including the `edd:` ones this toolkit records (e.g. a prompt's audio hash). */
  tags: Record<string, string>;
}

export interface ReadContext {
  api: ConnectApi;
  instanceId: string;
  /**
   * How this environment's phone numbers are named in exports (the config's `phoneNumbers`: a logical name, else the
   * E.164 number): listings of what is known by its number name their summaries with it.
   */
  phoneName?(number: string): string;
}

export interface DescribeOptions {
  /** Read the draft (`<id>:$SAVED`) of a flow or module kept SAVED, not what was published last. */
  saved?: boolean;
}

/** A file that belongs to a resource besides its JSON (a prompt's audio), relative to the resource's folder. */
export interface Attachment {
  file: string;
  bytes: Buffer;
  sha256: string;
}

/** What a write needs: the paced API (errors name the resource), the instance, and the resource's own extras. */
export interface WriteContext {
  api: ConnectApi;
  instance: InstanceRef;
  /** Sends a command about this resource; on a resource this run just created, retries its not-found answers. */
  send<O = unknown>(command: { input: unknown }): Promise<O>;
  /** The resource's attachment in the export (a prompt's audio), when it has one. */
  attachment?: Attachment;
  /** Stores an attachment where the service reads it (prompt audio: the prompt bucket); returns its location. */
  upload(attachment: Attachment): Promise<string>;
  /** Whether the attachment differs from the target's (a prompt whose audio changed). */
  attachmentChanged: boolean;
  /** How long a write may wait for AWS to finish something it started (`--wait-timeout`); past it, exit 5. */
  waitTimeoutMs: number;
}

/** One `Update*` call and the top-level fields of the file whose change it writes. */
export interface UpdateRule<B> {
  fields: readonly (keyof B & string)[];
  write(ctx: WriteContext, target: Identity, desired: Concrete<B>, current: Concrete<B>): Promise<void>;
}

/** A resource file's fields, with symbolic references (`{"$ref": "queue", ...}`) where the API takes ids. */
export type Body = Record<string, unknown>;

/** A symbolic reference as a field of a body holds it. */
export interface RefValue {
  $ref: string;
}

/** The same body with every symbolic reference resolved to the id or ARN the API takes. */
export type Concrete<T> = T extends RefValue
  ? string
  : T extends readonly (infer U)[]
    ? Concrete<U>[]
    : T extends object
      ? { [K in keyof T]: Concrete<T[K]> }
      : T;

export interface ResourceType<B extends Body = Body, T extends string = string> {
  /** The `$ref` type that names it in exports: `queue`. */
  type: T;
  /** Singular, for messages and plans: `routing profile`. */
  label: string;
  /** Folder of its files in an export. */
  folder: string;
  /** The `<kind>` segment of `arn:...:instance/<instanceId>/<kind>/<id>`, when it has such an ARN. */
  arnKind?: string;
  /**
   * For a resource an instance has exactly once (the user hierarchy's levels): its name, which is also its file's
   * (`<folder>/<singleton>.json`, holding no `Name`); any other file in its folder is refused. It is the instance's
   * own setting, not one resource among others to pick: `--include` does not narrow it, only `--exclude` leaves it out.
   */
  singleton?: string;
  /**
   * Where content names a resource of this type by its name rather than by id or ARN (a routing step's
   * `AttributeCondition.Name` names a predefined attribute): the last keys of such JSON paths, list positions left
   * out. A name of the instance found there becomes a reference with `form: "id"`, so such a type's id is its name.
   */
  namedAt?: readonly (readonly string[])[];
  /** The allowlist of fields its file may hold (create/update inputs, with symbolic references). */
  schema: z.ZodType<B>;
  /**
   * `always`: every resource of the type is exported; `referenced`: only those something exported references;
   * `opt-in`: only when `--include` names its folder (`^users/`); `never`: a reference kind only.
   */
  export: 'always' | 'referenced' | 'opt-in' | 'never';
  /**
   * `deployed`: deploy creates and updates it; `existing`: deploy finds it by name and never writes it (an export
   * naming one that is missing stops the deploy); `reported`: a setting of the instance exported for the record,
   * which plan and deploy compare with the target and report, writing nothing, unless the config's `deploySettings`
   * names its folder: then its update rules write it (it is never created nor deleted).
   */
  deploy: 'deployed' | 'existing' | 'reported';
  /**
   * The name a resource is known by among its type when its file's `Name` alone does not say it: a child resource's
   * `<parent>/<Name>` (see `children.ts`), a phone number's logical name. Its listing names summaries the same way;
   * file names, plans, `--include` patterns and `--prune-prefix` all go by it.
   */
  identity?(body: B): string;
  list(ctx: ReadContext): Promise<ResourceSummary[]>;
  /** The file's fields with concrete ids (the exporter and planner make them symbolic). */
  describe(ctx: ReadContext, summary: ResourceSummary, options: DescribeOptions): Promise<Described<Concrete<B>>>;
  /** Puts the lists whose order Connect does not keep in a stable order. */
  canonical?(body: B): B;
  /**
   * Types whose writes in a run all come before this type's creates and updates, where its references do not order
   * them already (a hierarchy group is made at a level the structure defines; a user's proficiency names a value its
   * predefined attribute may only get in the same run).
   */
  after?: readonly string[];
  /** Fields written by their own tasks after the resource exists, so that references in them never form a cycle. */
  deferred?: {
    fields: readonly (keyof B & string)[];
    /** Returns what it did, for the log: `(2 quick connects added, 0 removed)`. */
    write(ctx: WriteContext, target: Identity, desired: Concrete<B>, current: Concrete<B> | undefined): Promise<string>;
  };
  /**
   * For types that can be created with placeholder content and filled in later (flows, modules): the body to create
   * when the resource is caught in a reference cycle; its real fields follow through the update rules.
   */
  stub?(desired: B): B;
  create?(ctx: WriteContext, desired: Concrete<B>): Promise<Identity>;
  updates?: readonly UpdateRule<B>[];
  /** Whether `TagResource` / `UntagResource` by ARN apply to it. */
  tagged?: boolean;
  /** Deletes what the target's listing gave (`--prune`). */
  delete?(ctx: WriteContext, target: ResourceSummary): Promise<void>;
  /**
   * A file that goes with each resource besides its JSON (a prompt's audio), in the same folder and named by one of
   * its fields. Read and checked offline, compared with the target's by hash, uploaded before create and update.
   */
  attachment?: {
    field: keyof B & string;
    /** What it is, for plans: `audio`. */
    what: string;
    maxBytes: number;
    tooLarge(size: number): string;
    /** What is wrong with the bytes, checked offline before anything is written. */
    check(bytes: Buffer): string | undefined;
    /** The target's attachment (for export and backup). */
    read(ctx: ReadContext, summary: ResourceSummary): Promise<{ bytes: Buffer; extension: string }>;
    /** The SHA-256 of the target's attachment: from its tags when recorded there, else from its bytes. */
    sha256(ctx: ReadContext, summary: ResourceSummary, tags: Record<string, string>): Promise<string>;
    /** Tags that record the attachment a write gave the resource. */
    recordTags(attachment: Attachment): Record<string, string>;
  };
  /** A field holding flow-language content: its structure is checked, and problems in it are named by action. */
  flowContent?: keyof B & string;
  /**
   * Other shapes a file of the folder takes in the wild (a describe output, a console designer export), brought to
   * the file's own shape before the schema check; or a one-line problem saying what to change.
   */
  adaptFile?(raw: Record<string, unknown>): { body: Record<string, unknown> } | { problem: string; path?: string };
  /** A field whose size, once references are resolved, AWS limits (a flow's content). */
  sizeLimit?: { field: keyof B & string; chars: number; message(size: number): string };
  /**
   * Checks against the target before the first write (a flow whose type would change, a user an instance that does
   * not manage identities cannot be given).
   */
  check?(desired: B, current: B | undefined, instance: InstanceRef): { path?: string; message: string } | undefined;
  /** Names of the resources every instance comes with (the stock security profiles): updated, never deleted. */
  builtIn?: readonly string[];
  /** Whether the target's draft, not what it published last, is what a desired body compares with (flows kept SAVED). */
  comparesDraft?(desired: B): boolean;
  /**
   * How a plan names the entries of a list field that have no naming field of their own (`Name`, `Day`, `Channel`,
   * ...), by the list's path: a routing profile's queue `EDD Billing/VOICE` rather than `QueueConfigs[3]`.
   */
  listKeys?: Readonly<Record<string, (entry: never) => string | undefined>>;
}

/** Declares a resource type; its body type comes from its schema, its name stays a literal type. */
export function defineResource<B extends Body, T extends string>(descriptor: ResourceType<B, T>): ResourceType<B, T> {
  return descriptor;
}

/** AWS takes some lists a few entries per call. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
