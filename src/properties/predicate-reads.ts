import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import { cachedReads, storeReads } from './reads-cache.ts';

/**
 * What a state predicate (`always`, `sometimes`) may read of the StateView it is given, found
 * from its source text (`Function.prototype.toString`): partial-order reduction may then take
 * steps that change nothing of it as ample sets. The analysis is conservative: any use of the
 * view it does not follow (the view passed to a function, `Object.values(v.procs)`, a name
 * bound twice) counts as reading all of it.
 */
export interface PredicateReads {
  /**
   * 'all': every local state, whole. Otherwise, by process name (`'*'`: every process), the
   * top-level fields of its local state read, or 'all' for the whole local state.
   */
  readonly procs: 'all' | ReadonlyMap<string, ReadonlySet<string> | 'all'>;
  readonly inFlight: boolean;
  readonly down: boolean;
  readonly faults: boolean;
}

export const READS_ALL: PredicateReads = { procs: 'all', inFlight: true, down: true, faults: true };

type Morph = typeof TsMorph;
type AstNode = TsMorph.Node;

let morph: Morph | null = null;
let project: TsMorph.Project | null = null;

/** ts-morph, loaded on first use (the analysis is needed only with a predicate and reductions on). */
function tsMorph(): Morph {
  return (morph ??= createRequire(import.meta.url)('ts-morph') as Morph);
}

/**
 * What the predicate `fn` may read (READS_ALL when its source cannot be followed). Answers
 * are kept by source text in this thread and on disk (see reads-cache.ts): loading ts-morph
 * costs about a third of a second, paid once per predicate source rather than once per run
 * or worker thread.
 */
export function predicateReads(fn: (view: never) => unknown): PredicateReads {
  const text = Function.prototype.toString.call(fn);
  // a built-in or bound function shows no source (`function () { [native code] }`)
  if (text.includes('[native code]')) return READS_ALL;
  const known = cachedReads(text);
  if (known !== undefined) return known;
  const reads = analyse(text);
  storeReads(text, reads);
  return reads;
}

function analyse(text: string): PredicateReads {
  const m = tsMorph();
  const fnNode = parseFunction(m, text);
  if (fnNode === null) return READS_ALL;
  try {
    return new ReadsWalk(m, fnNode).run();
  } catch (e) {
    if (e === ESCAPES) return READS_ALL;
    throw e;
  }
}

/** Thrown inside the walk when a use of the view cannot be followed. */
const ESCAPES = Symbol('escapes');

type FunctionNode = TsMorph.ArrowFunction | TsMorph.FunctionExpression | TsMorph.MethodDeclaration | TsMorph.FunctionDeclaration;

/** The function node of a function's source text: an expression, a declaration, or a method (`name(v) { … }`). */
function parseFunction(m: Morph, text: string): FunctionNode | null {
  project ??= new m.Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, noLib: true } });
  for (const wrapped of [`(${text});`, `({ ${text} });`]) {
    const sf = project.createSourceFile('predicate.js', wrapped, { overwrite: true });
    const stmt = sf.getStatements()[0];
    if (sf.getStatements().length !== 1 || !stmt || !m.Node.isExpressionStatement(stmt)) continue;
    let e: AstNode = stmt.getExpression();
    while (m.Node.isParenthesizedExpression(e)) e = e.getExpression();
    if (m.Node.isArrowFunction(e) || m.Node.isFunctionExpression(e)) return e;
    if (m.Node.isObjectLiteralExpression(e)) {
      const props = e.getProperties();
      if (props.length === 1 && m.Node.isMethodDeclaration(props[0])) return props[0];
    }
  }
  return null;
}

/**
 * What a bound name or an expression stands for: the view, its procs record, one process's
 * local state (`'*'`: any process's), an array of local states (`Object.values(v.procs)`),
 * an array of [name, local state] pairs (`Object.entries(v.procs)`), or one such pair.
 */
type Root =
  | { readonly kind: 'view' }
  | { readonly kind: 'procs' }
  | { readonly kind: 'local'; readonly proc: string }
  | { readonly kind: 'locals' }
  | { readonly kind: 'entries' }
  | { readonly kind: 'entry' };

const ANY_LOCAL: Root = { kind: 'local', proc: '*' };
const ENTRY: Root = { kind: 'entry' };

/** Array methods whose callback gets one local state at a time, and what their result holds: more local states, one, or neither. */
const ELEMENT_METHODS: ReadonlyMap<string, 'locals' | 'local' | 'neither'> = new Map([
  ['filter', 'locals'],
  ['find', 'local'],
  ['findLast', 'local'],
  ['every', 'neither'],
  ['some', 'neither'],
  ['map', 'neither'],
  ['flatMap', 'neither'],
  ['forEach', 'neither'],
  ['findIndex', 'neither'],
  ['findLastIndex', 'neither'],
]);

class ReadsWalk {
  private procs: Map<string, Set<string> | 'all'> | 'all' = new Map();
  private inFlight = false;
  private down = false;
  private faults = false;

  constructor(
    private readonly m: Morph,
    private readonly fn: FunctionNode,
  ) {}

  run(): PredicateReads {
    const params = this.fn.getParameters();
    const body = this.fn.getBody();
    if (body === undefined) throw ESCAPES;
    if (body.getDescendantsOfKind(this.m.SyntaxKind.Identifier).some((id) => id.getText() === 'arguments' || id.getText() === 'eval')) throw ESCAPES;
    if (params.length > 0) {
      const first = params[0];
      if (first.isRestParameter() || first.hasInitializer()) throw ESCAPES;
      this.bind(first.getNameNode(), { kind: 'view' });
    }
    return { procs: this.procs, inFlight: this.inFlight, down: this.down, faults: this.faults };
  }

  /** Follow the uses of a binding (a name or a destructuring pattern) that stands for `root`. */
  private bind(name: AstNode, root: Root): void {
    const m = this.m;
    if (m.Node.isIdentifier(name)) {
      for (const use of this.usesOf(name)) this.use(use, root);
      return;
    }
    if (!m.Node.isObjectBindingPattern(name)) throw ESCAPES;
    for (const el of name.getElements()) {
      if (el.getDotDotDotToken() || el.getInitializer()) throw ESCAPES;
      const prop = el.getPropertyNameNode();
      const key = prop ? literalKey(m, prop) : el.getName();
      if (key === null) throw ESCAPES;
      this.member(key, root, el.getNameNode());
    }
  }

  /** The references of a bound identifier inside the function; a name bound more than once (shadowing) is not followed. */
  private usesOf(decl: TsMorph.Identifier): TsMorph.Identifier[] {
    const m = this.m;
    const name = decl.getText();
    const uses: TsMorph.Identifier[] = [];
    let bindings = 0;
    for (const id of this.fn.getDescendantsOfKind(m.SyntaxKind.Identifier)) {
      if (id.getText() !== name) continue;
      const parent = id.getParent();
      if (parent === undefined) throw ESCAPES;
      if (isBindingName(m, id, parent)) {
        bindings++;
        continue;
      }
      if (isPropertyName(m, id, parent)) continue;
      uses.push(id);
    }
    if (bindings !== 1) throw ESCAPES;
    return uses;
  }

  /** One use of an expression standing for `root`. */
  private use(e: AstNode, root: Root): void {
    const m = this.m;
    const parent = e.getParent();
    if (parent === undefined) throw ESCAPES;
    if (root.kind === 'locals' || root.kind === 'entries') return this.useElements(e, parent, root.kind === 'locals' ? ANY_LOCAL : ENTRY);
    if (root.kind === 'entry') throw ESCAPES;
    if (root.kind === 'procs' && m.Node.isCallExpression(parent) && parent.getArguments().length === 1) {
      const callee = parent.getExpression().getText();
      if (callee === 'Object.values') return this.use(parent, { kind: 'locals' });
      if (callee === 'Object.entries') return this.use(parent, { kind: 'entries' });
    }
    if (m.Node.isPropertyAccessExpression(parent) && parent.getExpression() === e) return this.member(parent.getName(), root, parent);
    if (m.Node.isElementAccessExpression(parent) && parent.getExpression() === e) {
      const arg = parent.getArgumentExpression();
      const key = arg && !m.Node.isIdentifier(arg) ? literalKey(m, arg) : null;
      if (key !== null) return this.member(key, root, parent);
      if (root.kind === 'procs') return this.member('*', root, parent);
      if (root.kind === 'local') return this.readLocal(root.proc, 'all');
      throw ESCAPES;
    }
    if (m.Node.isVariableDeclaration(parent) && parent.getInitializer() === e) {
      const list = parent.getParent();
      if (!m.Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== m.VariableDeclarationKind.Const) throw ESCAPES;
      return this.bind(parent.getNameNode(), root);
    }
    // anything else (passed on, spread, compared whole): the whole of it
    if (root.kind === 'local') return this.readLocal(root.proc, 'all');
    throw ESCAPES;
  }

  /**
   * A use of an array whose elements stand for `element` (local states, or [name, local]
   * pairs): its length, an element, a `for (const x of …)` loop, or an element method with an
   * inline callback.
   */
  private useElements(e: AstNode, parent: AstNode, element: Root): void {
    const m = this.m;
    const arrayOf: Root = element.kind === 'entry' ? { kind: 'entries' } : { kind: 'locals' };
    if (m.Node.isElementAccessExpression(parent) && parent.getExpression() === e) return this.use(parent, element);
    if (m.Node.isForOfStatement(parent) && parent.getExpression() === e) {
      const init = parent.getInitializer();
      if (!m.Node.isVariableDeclarationList(init) || init.getDeclarationKind() !== m.VariableDeclarationKind.Const || init.getDeclarations().length !== 1) throw ESCAPES;
      return this.bindElement(init.getDeclarations()[0].getNameNode(), element);
    }
    if (!m.Node.isPropertyAccessExpression(parent) || parent.getExpression() !== e) throw ESCAPES;
    const name = parent.getName();
    if (name === 'length') return;
    const result = ELEMENT_METHODS.get(name);
    const call = parent.getParent();
    if (result === undefined || call === undefined || !m.Node.isCallExpression(call) || call.getExpression() !== parent) throw ESCAPES;
    const callback = call.getArguments()[0];
    if (callback === undefined || !(m.Node.isArrowFunction(callback) || m.Node.isFunctionExpression(callback))) throw ESCAPES;
    const params = callback.getParameters();
    // (the element and its index; the array itself is not followed)
    if (params.length > 2 || params.some((p) => p.isRestParameter() || p.hasInitializer())) throw ESCAPES;
    if (params.length > 0) this.bindElement(params[0].getNameNode(), element);
    if (result === 'locals') this.use(call, arrayOf);
    else if (result === 'local') this.use(call, element);
  }

  /** Bind an element: a local state, or a [name, local] pair (destructured as `[name, s]`). */
  private bindElement(name: AstNode, element: Root): void {
    const m = this.m;
    if (element.kind !== 'entry') return this.bind(name, element);
    if (!m.Node.isArrayBindingPattern(name)) throw ESCAPES;
    const [key, local, ...rest] = name.getElements();
    if (rest.length > 0) throw ESCAPES;
    for (const el of [key, local]) {
      if (el !== undefined && m.Node.isBindingElement(el) && (el.getDotDotDotToken() || el.getInitializer())) throw ESCAPES;
    }
    // (the name is a string: nothing of the state)
    if (local !== undefined && m.Node.isBindingElement(local)) this.bind(local.getNameNode(), ANY_LOCAL);
  }

  /** Member `key` of `root`, used as `at` (an expression, or a binding name to follow). */
  private member(key: string, root: Root, at: AstNode): void {
    switch (root.kind) {
      case 'view':
        if (key === 'procs') return this.follow(at, { kind: 'procs' });
        if (key === 'inFlight') this.inFlight = true;
        else if (key === 'down') this.down = true;
        else if (key === 'faults') this.faults = true;
        return;
      case 'procs':
        return this.follow(at, { kind: 'local', proc: key });
      case 'locals':
      case 'entries':
      case 'entry':
        throw ESCAPES;
      case 'local': {
        // a method called on the local state itself (`l.includes(x)`) reads all of it
        const call = at.getParent();
        const called = call !== undefined && this.m.Node.isCallExpression(call) && call.getExpression() === at;
        return this.readLocal(root.proc, called ? 'all' : key);
      }
    }
  }

  /** Follow `at`: a binding name (destructured) or an expression. */
  private follow(at: AstNode, root: Root): void {
    const m = this.m;
    if (m.Node.isIdentifier(at) || m.Node.isObjectBindingPattern(at) || m.Node.isArrayBindingPattern(at)) {
      if (m.Node.isArrayBindingPattern(at)) throw ESCAPES;
      return this.bind(at, root);
    }
    this.use(at, root);
  }

  private readLocal(proc: string, field: string | 'all'): void {
    if (this.procs === 'all') return;
    const was = this.procs.get(proc);
    if (field === 'all' || was === 'all') {
      this.procs.set(proc, 'all');
      return;
    }
    if (was === undefined) this.procs.set(proc, new Set([field]));
    else was.add(field);
  }
}

/** The key a literal names (`'x'`, `"x"`, `` `x` ``, `0`), or null. */
function literalKey(m: Morph, n: AstNode): string | null {
  if (m.Node.isIdentifier(n)) return n.getText();
  if (m.Node.isStringLiteral(n) || m.Node.isNoSubstitutionTemplateLiteral(n) || m.Node.isNumericLiteral(n)) return n.getLiteralText();
  return null;
}

/** `id` is the name a declaration binds (a parameter, a variable, a function, a catch clause, a destructured element). */
function isBindingName(m: Morph, id: AstNode, parent: AstNode): boolean {
  if (m.Node.isParameterDeclaration(parent) || m.Node.isVariableDeclaration(parent) || m.Node.isFunctionDeclaration(parent) || m.Node.isFunctionExpression(parent) || m.Node.isClassDeclaration(parent)) {
    return parent.getNameNode() === id;
  }
  if (m.Node.isBindingElement(parent)) return parent.getNameNode() === id;
  return false;
}

/** `id` names a property rather than referring to a binding (`x.id`, `{ id: … }`, a destructured `{ id: name }`). */
function isPropertyName(m: Morph, id: AstNode, parent: AstNode): boolean {
  if (m.Node.isPropertyAccessExpression(parent)) return parent.getNameNode() === id;
  if (m.Node.isPropertyAssignment(parent) || m.Node.isMethodDeclaration(parent) || m.Node.isPropertyDeclaration(parent)) return parent.getNameNode() === id;
  if (m.Node.isBindingElement(parent)) return parent.getPropertyNameNode() === id;
  return false;
}
