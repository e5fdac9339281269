/** One unit of work of a deploy, started as soon as everything it depends on has finished. */
export interface Task {
  key: string;
  deps: readonly string[];
  run: () => Promise<void>;
}

class Skipped extends Error {}

/**
 * A dependency graph of tasks, run as concurrently as their dependencies allow (pacing and the in-flight limit live
 * in the API client). A task depending on a task that is not in the graph is a bug in whoever built the graph, and
 * refused before anything runs, as is a key given twice. After the first failure no new task starts; tasks already
 * running finish, and the first failure is rethrown.
 */
export class TaskGraph {
  private readonly tasks = new Map<string, Task>();

  add(key: string, deps: readonly string[], run: () => Promise<void>): void {
    if (this.tasks.has(key)) throw new Error(`deploy task ${key} is planned twice`);
    this.tasks.set(key, { key, deps, run });
  }

  keys(): string[] {
    return [...this.tasks.keys()];
  }

  run(): Promise<void> {
    for (const task of this.tasks.values()) {
      const unknown = task.deps.filter((d) => !this.tasks.has(d));
      if (unknown.length > 0)
        throw new Error(`deploy task ${task.key} depends on unknown tasks: ${unknown.join(', ')}`);
    }
    return runTaskGraph([...this.tasks.values()]);
  }
}

/** Runs tasks whose dependencies are all among them; see TaskGraph. */
export async function runTaskGraph(tasks: readonly Task[]): Promise<void> {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const started = new Map<string, Promise<void>>();
  const visiting = new Set<string>();
  let failure: { error: unknown } | undefined;

  const start = (key: string): Promise<void> => {
    const existing = started.get(key);
    if (existing) return existing;
    const task = byKey.get(key);
    if (!task) throw new Error(`deploy task ${key} is not in the graph`);
    if (visiting.has(key)) throw new Error(`deploy tasks depend on each other in a cycle through ${key}`);
    visiting.add(key);
    const deps = task.deps.map(start);
    visiting.delete(key);
    const promise = Promise.all(deps).then(async () => {
      if (failure) throw new Skipped(key);
      try {
        await task.run();
      } catch (error) {
        failure ??= { error };
        throw error;
      }
    });
    promise.catch(() => {});
    started.set(key, promise);
    return promise;
  };

  // Calls of one API are served first come, first served, so the start order is the schedule: tasks that head the
  // longest chains of work waiting on them go first (the queue transfer flow forty quick connects need must not
  // wait behind two hundred independent flows).
  for (const task of byPriority(tasks)) start(task.key);
  await Promise.allSettled(started.values());
  if (failure) throw failure.error;
}

/** Tasks ordered by the length of the longest chain of tasks that depend on them, then by their dependents. */
function byPriority(tasks: readonly Task[]): Task[] {
  const dependents = new Map<string, string[]>();
  for (const t of tasks) for (const d of t.deps) dependents.set(d, [...(dependents.get(d) ?? []), t.key]);
  const height = new Map<string, number>();
  const measure = (key: string, seen: Set<string>): number => {
    const known = height.get(key);
    if (known !== undefined) return known;
    if (seen.has(key)) return 0;
    seen.add(key);
    const h = 1 + Math.max(0, ...(dependents.get(key) ?? []).map((d) => measure(d, seen)));
    height.set(key, h);
    return h;
  };
  return [...tasks]
    .map((task, index) => ({
      task,
      index,
      h: measure(task.key, new Set()),
      fanout: dependents.get(task.key)?.length ?? 0,
    }))
    .sort((a, b) => b.h - a.h || b.fanout - a.fanout || a.index - b.index)
    .map((x) => x.task);
}

/** Strongly connected components (Tarjan): groups of nodes that reach each other. */
export function stronglyConnected(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const known = new Set(nodes);
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!known.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      out.push(component);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}
