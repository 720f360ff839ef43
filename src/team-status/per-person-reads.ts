// The stores' per-person reads for one roster page (at most 100 people): several at a time rather
// than one after another, so on a remote store a page costs a few round trips, not one per person.
// At most PER_PERSON_READS at once, so a page never floods the store; answers keep the page's order.
export const PER_PERSON_READS = 8;

export async function readEach<T>(ids: readonly string[], read: (id: string) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const reader = async (): Promise<void> => {
    for (let i = next++; i < ids.length; i = next++) results[i] = await read(ids[i] as string);
  };
  await Promise.all(Array.from({ length: Math.min(PER_PERSON_READS, ids.length) }, reader));
  return results;
}
