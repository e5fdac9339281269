import { toBytes } from './binary.js';
import { typeOf, type AttributeValue, type Item } from './types.js';

// Items are rebuilt with defineProperty semantics (Object.fromEntries), so an attribute named `__proto__` stays an
// attribute. Values nothing changed in are returned as they are, to spare allocations on the common path.

function mapValue(value: AttributeValue, text: (s: string) => string, binary: boolean): AttributeValue {
  switch (typeOf(value)) {
    case 'S': {
      const s = (value as { S: string }).S;
      const out = text(s);
      return out === s ? value : { S: out };
    }
    case 'SS': {
      const ss = (value as { SS: string[] }).SS;
      const out = ss.map(text);
      return out.every((s, i) => s === ss[i]) ? value : { SS: out };
    }
    case 'B': {
      const b = (value as { B: Uint8Array | string }).B;
      return binary && typeof b === 'string' ? { B: toBytes(b) } : value;
    }
    case 'BS': {
      const bs = (value as { BS: (Uint8Array | string)[] }).BS;
      return binary && bs.some((b) => typeof b === 'string') ? { BS: bs.map(toBytes) } : value;
    }
    case 'M': {
      const m = (value as { M: Item }).M;
      const out = mapItem(m, text, binary);
      return out === m ? value : { M: out };
    }
    case 'L': {
      const l = (value as { L: AttributeValue[] }).L;
      const out = l.map((v) => mapValue(v, text, binary));
      return out.every((v, i) => v === l[i]) ? value : { L: out };
    }
    default:
      return value;
  }
}

function mapItem(item: Item, text: (s: string) => string, binary: boolean): Item {
  let changed = false;
  const entries = Object.keys(item).map((name) => {
    const before = item[name]!;
    const after = mapValue(before, text, binary);
    if (after !== before) changed = true;
    return [name, after] as const;
  });
  return changed ? Object.fromEntries(entries) : item;
}

/** Applies `text` to every string value of the item: S and SS, at any depth in maps and lists. Names are kept. */
export function mapStrings(item: Item, text: (s: string) => string): Item {
  return mapItem(item, text, false);
}

/**
 * The item as the AWS SDK must receive it: binary as bytes at every depth. The SDK base64-encodes whatever it is
 * given for B, so base64 text left in place would be encoded a second time and stored as different bytes.
 */
export function toSdkItem(item: Item): Item {
  return mapItem(item, (s) => s, true);
}
