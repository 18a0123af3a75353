import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import _Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import _addFormats from 'ajv-formats';
import { compileTemplate, matchTemplate, type CompiledTemplate } from './routes.js';

// CommonJS default-export interop under NodeNext.
const Ajv2020 = _Ajv2020.default;
const addFormats = _addFormats.default;

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Where the spec is looked for, in order: explicit path, $DISCORD_OPENAPI_SPEC,
 * the copy vendored in test/e2e/discord-api-spec (MIT, LICENSE beside it),
 * the team's shared copy beside the repository.
 */
export function resolveSpecPath(explicit?: string): string {
  const candidates = [
    explicit,
    process.env.DISCORD_OPENAPI_SPEC,
    join(HERE, '..', 'discord-api-spec', 'openapi.json'),
    join(HERE, '..', '..', '..', '..', 'shared', 'discord-api-spec', 'openapi.json'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `FakeDiscord: Discord's OpenAPI spec not found (tried ${candidates.join(', ')}). Set DISCORD_OPENAPI_SPEC.`,
    );
  }
  return found;
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

interface Spec {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
}

export type SpecCheck =
  | { ok: true; template: string; validated: boolean }
  | { ok: false; template: string | null; reason: 'not-in-spec' | 'invalid-body'; errors: ErrorObject[] | string };

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Validates request bodies against Discord's OpenAPI 3.1 spec (JSON Schema 2020-12). Compiled once per process. */
export class OpenApiValidator {
  private readonly ajv: InstanceType<typeof Ajv2020>;
  private readonly spec: Spec;
  private readonly templates: CompiledTemplate[];
  private readonly compiled = new Map<string, ValidateFunction | null>();

  private static cache = new Map<string, OpenApiValidator>();

  static load(specPath?: string): OpenApiValidator {
    const path = resolveSpecPath(specPath);
    let v = OpenApiValidator.cache.get(path);
    if (!v) {
      v = new OpenApiValidator(JSON.parse(readFileSync(path, 'utf8')) as Spec);
      OpenApiValidator.cache.set(path, v);
    }
    return v;
  }

  private constructor(spec: Spec) {
    this.spec = spec;
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('snowflake', /^(0|[1-9][0-9]{0,19})$/);
    this.ajv.addFormat('nonce', /^.{0,25}$/s);
    this.ajv.addSchema({ $id: 'discord', components: spec.components });
    this.templates = Object.keys(spec.paths).map(compileTemplate);
  }

  /** Finds the spec's path template for a concrete path (relative to /api/v10). */
  findTemplate(method: string, path: string): string | undefined {
    const m = method.toLowerCase();
    const candidates = this.templates.filter((t) => METHODS.has(m) && this.spec.paths[t.template]?.[m] !== undefined);
    return matchTemplate(candidates, path)?.template;
  }

  hasOperation(method: string, template: string): boolean {
    return this.spec.paths[template]?.[method.toLowerCase()] !== undefined;
  }

  /** Checks method+path exist in the spec and, when a JSON body is given and the operation has one, validates it. */
  check(method: string, path: string, body: unknown, hasBody: boolean): SpecCheck {
    const template = this.findTemplate(method, path);
    if (!template) {
      return { ok: false, template: null, reason: 'not-in-spec', errors: `${method} ${path} is not an operation in the spec` };
    }
    if (!hasBody) return { ok: true, template, validated: false };
    const validate = this.validatorFor(method, template);
    if (!validate) {
      return { ok: false, template, reason: 'invalid-body', errors: `${method} ${template} takes no JSON request body` };
    }
    if (validate(body)) return { ok: true, template, validated: true };
    return { ok: false, template, reason: 'invalid-body', errors: validate.errors ? [...validate.errors] : [] };
  }

  private validatorFor(method: string, template: string): ValidateFunction | null {
    const key = `${method.toLowerCase()} ${template}`;
    if (this.compiled.has(key)) return this.compiled.get(key) ?? null;
    const op = this.spec.paths[template]?.[method.toLowerCase()] as Operation | undefined;
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    let fn: ValidateFunction | null = null;
    if (schema !== undefined) {
      // Rewrite local refs ('#/components/...') to the registered 'discord' document.
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"discord#/components/'),
      ) as object;
      fn = this.ajv.compile(rewritten);
    }
    this.compiled.set(key, fn);
    return fn;
  }
}

/** Short, readable form of ajv errors for messages. */
export function formatErrors(errors: ErrorObject[] | string): string {
  if (typeof errors === 'string') return errors;
  return errors
    .slice(0, 8)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}
