// A small evaluator of the ARM template expressions azuredeploy.json uses ([concat(...)],
// parameters(), variables(), resourceId(), reference(...).x, environment().suffixes.storage, ...),
// so the template test can read what App Service would really be given. Deployment-time values
// (reference(), uniqueString(), guid()) come back as stable, recognisable stand-ins.
import { createHash } from 'node:crypto';

export interface ArmContext {
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
  /** What reference(resourceId, apiVersion?, 'full'?) returns at deployment time. */
  reference: (resourceId: string, full: boolean) => Record<string, unknown>;
}

export const TEST_SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
export const TEST_RESOURCE_GROUP = 'partnerlink-rg';

const hash = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

type Fn = (args: unknown[], ctx: ArmContext) => unknown;
const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const functions: Record<string, Fn> = {
  parameters: ([name], ctx) => ctx.parameters[str(name)],
  variables: ([name], ctx) => evaluate(ctx.variables[str(name)], ctx),
  concat: (args) => args.map(str).join(''),
  take: ([value, count]) => str(value).slice(0, Number(count)),
  tolower: ([value]) => str(value).toLowerCase(),
  replace: ([value, from, to]) => str(value).split(str(from)).join(str(to)),
  // ARM's uniqueString: 13 lower-case letters and digits, stable for the same input.
  uniquestring: (args) =>
    BigInt(`0x${hash(args).slice(0, 20)}`)
      .toString(36)
      .padStart(13, '0')
      .slice(0, 13),
  guid: (args) =>
    hash(args)
      .slice(0, 32)
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
  resourcegroup: () => ({
    id: `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/${TEST_RESOURCE_GROUP}`,
    location: 'westeurope',
  }),
  subscription: () => ({ subscriptionId: TEST_SUBSCRIPTION, tenantId: '7a1c0e2b-3d4f-4a5b-8c6d-0e1f2a3b4c5d' }),
  environment: () => ({ name: 'AzureCloud', suffixes: { storage: 'core.windows.net' } }),
  resourceid: ([type, ...names]) =>
    `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/${TEST_RESOURCE_GROUP}/providers/${str(type)}/${names.map(str).join('/')}`,
  subscriptionresourceid: ([type, ...names]) =>
    `/subscriptions/${TEST_SUBSCRIPTION}/providers/${str(type)}/${names.map(str).join('/')}`,
  reference: ([id, , full], ctx) => ctx.reference(str(id), full === 'full'),
};

/** Evaluates a template value: strings in [brackets] are expressions (`[[` escapes a literal). */
export function evaluate(value: unknown, ctx: ArmContext): unknown {
  if (typeof value !== 'string' || !value.startsWith('[') || !value.endsWith(']') || value.startsWith('[['))
    return value;
  const parser = new Parser(value.slice(1, -1), ctx);
  const result = parser.expression();
  parser.end();
  return result;
}

class Parser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly ctx: ArmContext,
  ) {}

  end(): void {
    this.space();
    if (this.at !== this.text.length) throw new Error(`unexpected "${this.text.slice(this.at)}" in [${this.text}]`);
  }

  expression(): unknown {
    let value = this.primary();
    for (;;) {
      this.space();
      if (this.text[this.at] === '.') {
        this.at += 1;
        const name = this.identifier();
        value = (value as Record<string, unknown> | undefined)?.[name];
      } else if (this.text[this.at] === '[') {
        this.at += 1;
        const key = this.expression();
        this.expect(']');
        value = (value as Record<string, unknown> | undefined)?.[str(key)];
      } else {
        return value;
      }
    }
  }

  private primary(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === "'") return this.literal();
    if (c !== undefined && /[0-9-]/.test(c)) {
      const match = /^-?[0-9]+/.exec(this.text.slice(this.at));
      this.at += match?.[0].length ?? 0;
      return Number(match?.[0]);
    }
    const name = this.identifier();
    if (name === 'true' || name === 'false') return name === 'true';
    this.expect('(');
    const args: unknown[] = [];
    this.space();
    if (this.text[this.at] !== ')') {
      for (;;) {
        args.push(this.expression());
        this.space();
        if (this.text[this.at] !== ',') break;
        this.at += 1;
      }
    }
    this.expect(')');
    const fn = functions[name.toLowerCase()];
    if (!fn) throw new Error(`the test's evaluator does not know ${name}()`);
    return fn(args, this.ctx);
  }

  private literal(): string {
    let out = '';
    this.at += 1;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) throw new Error(`unterminated string in [${this.text}]`);
      this.at += 1;
      if (c === "'") {
        if (this.text[this.at] !== "'") return out;
        this.at += 1;
      }
      out += c;
    }
  }

  private identifier(): string {
    this.space();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at));
    if (!match) throw new Error(`expected a name at "${this.text.slice(this.at)}" in [${this.text}]`);
    this.at += match[0].length;
    return match[0];
  }

  private expect(c: string): void {
    this.space();
    if (this.text[this.at] !== c) throw new Error(`expected "${c}" at "${this.text.slice(this.at)}" in [${this.text}]`);
    this.at += 1;
  }

  private space(): void {
    while (this.text[this.at] === ' ') this.at += 1;
  }
}
