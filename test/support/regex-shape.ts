// A small reader of regular-expression source that finds the shapes that make a backtracking engine
// slow on hostile text: a group repeated without bound that itself repeats, or that branches. Such a
// pattern (`(a+)+b`, `(a|ab)*c`) can take exponential or quadratic time; one without them cannot
// revisit a character more than a bounded number of times from each starting position.

interface Group {
  repeats: boolean;
  branches: boolean;
  start: number;
}

/** Where `source` repeats a group that repeats or branches inside, or [] when it never does. */
export function nestedRepetitions(source: string): string[] {
  const found: string[] = [];
  const open: Group[] = [];
  let i = 0;
  const unboundedAt = (at: number): number => {
    const c = source[at];
    if (c === '*' || c === '+') return 1;
    if (c !== '{') return 0;
    const match = /^\{\d*,\}/.exec(source.slice(at));
    return match ? match[0].length : 0;
  };
  const quantifierAt = (at: number): boolean =>
    source[at] === '?' || unboundedAt(at) > 0 || /^\{\d+(,\d*)?\}/.test(source.slice(at));
  const markRepeat = () => {
    const inner = open[open.length - 1];
    if (inner) inner.repeats = true;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
      if (quantifierAt(i)) markRepeat();
      continue;
    }
    if (c === '[') {
      i += 1;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i += 1;
      if (quantifierAt(i)) markRepeat();
      continue;
    }
    if (c === '(') {
      open.push({ repeats: false, branches: false, start: i });
      i += source[i + 1] === '?' ? 3 : 1;
      continue;
    }
    if (c === '|') {
      const inner = open[open.length - 1];
      if (inner) inner.branches = true;
      i += 1;
      continue;
    }
    if (c === ')') {
      const group = open.pop();
      i += 1;
      if (!group) continue;
      const unbounded = unboundedAt(i);
      if (unbounded > 0 && (group.repeats || group.branches)) found.push(source.slice(group.start, i + unbounded));
      const outer = open[open.length - 1];
      if (outer && (group.repeats || quantifierAt(i))) outer.repeats = true;
      continue;
    }
    i += 1;
    if (quantifierAt(i)) markRepeat();
  }
  return found;
}
