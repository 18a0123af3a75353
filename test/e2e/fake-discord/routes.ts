/** Path-template matching shared by the REST router and the OpenAPI lookup. */

export interface CompiledTemplate {
  template: string;
  segments: { literal?: string; param?: string }[];
}

export function compileTemplate(template: string): CompiledTemplate {
  return {
    template,
    segments: template
      .split('/')
      .filter(Boolean)
      .map((s) => {
        const m = /^\{(\w+)\}$/.exec(s);
        return m?.[1] ? { param: m[1] } : { literal: s };
      }),
  };
}

export interface TemplateMatch {
  template: string;
  params: Record<string, string>;
}

/** Best match: the template with the most literal segments wins ('/users/@me' over '/users/{user_id}'). */
export function matchTemplate(templates: CompiledTemplate[], path: string): TemplateMatch | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let best: { match: TemplateMatch; score: number } | undefined;
  for (const t of templates) {
    if (t.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let score = 0;
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const seg = t.segments[i];
      const part = parts[i];
      if (!seg || part === undefined) {
        ok = false;
        break;
      }
      if (seg.literal !== undefined) {
        if (seg.literal !== part) {
          ok = false;
          break;
        }
        score++;
      } else if (seg.param) {
        params[seg.param] = part;
      }
    }
    if (ok && (!best || score > best.score)) best = { match: { template: t.template, params }, score };
  }
  return best?.match;
}
