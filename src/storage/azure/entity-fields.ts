// An entity's own properties, named: what is written back or handed on, without the etag, timestamp
// and OData metadata a read adds.

/** The named properties of `entity` (undefined ones kept as undefined, unless `definedOnly`). */
export function entityFields<T extends object, K extends keyof T>(
  entity: T,
  keys: readonly K[],
  { definedOnly = false } = {},
): Pick<T, K> {
  const fields = {} as Pick<T, K>;
  for (const key of keys) if (!definedOnly || entity[key] !== undefined) fields[key] = entity[key];
  return fields;
}
