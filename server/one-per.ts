// One instance per key object (a database's Db, an app's SchemaService) for the whole process: made
// on first use and dropped with its key. Services built apart from each other, such as the app's and
// the analytics worker's, then share one cache or one clock instead of each keeping its own.
export function onePer<K extends WeakKey, T>(make: (key: K) => T): (key: K) => T {
  const made = new WeakMap<K, T>();
  return (key) => {
    if (made.has(key)) return made.get(key)!;
    const value = make(key);
    made.set(key, value);
    return value;
  };
}
