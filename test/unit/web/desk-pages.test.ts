import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/translate.js';
import { languageOfRequest } from '../../../src/web/desk.js';
import { html, page, raw } from '../../../src/web/html.js';

describe('the desk\'s pages', () => {
  it('escape every value unless it is markup already', () => {
    const hostile = '<script>alert("x")</script> & \'quotes\'';
    expect(html`<p>${hostile}</p>`.__html).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>');
    expect(html`<ul>${[1, 2].map((n) => html`<li>${n}</li>`)}</ul>`.__html).toBe('<ul><li>1</li><li>2</li></ul>');
    expect(html`${raw('<b>ok</b>')}${null}${undefined}${false}`.__html).toBe('<b>ok</b>');
    expect(html`<a title="${'" onmouseover="x'}">`.__html).toBe('<a title="&quot; onmouseover=&quot;x">');
  });

  it('carry no script and the desk\'s own stylesheet only', () => {
    const out = page(translator('en-US'), 'en-US', 'T', html`<p>x</p>`, { userId: '1', csrf: 'tok' });
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/ on[a-z]+=/i);
    expect(out).toContain('<link rel="stylesheet" href="/assets/desk.css">');
    expect(out).toContain('name="_csrf" value="tok"');
  });

  it('follow the browser\'s language among the five', () => {
    expect(languageOfRequest('de-AT,de;q=0.9')).toBe('de');
    expect(languageOfRequest('pt;q=0.8, ja')).toBe('pt-BR');
    expect(languageOfRequest('es-MX')).toBe('es-ES');
    expect(languageOfRequest('ja, fr;q=0.3, de;q=0.5')).toBe('de');
    expect(languageOfRequest('en-GB')).toBe('en-US');
    expect(languageOfRequest('ja')).toBe('en-US');
    expect(languageOfRequest(undefined)).toBe('en-US');
    expect(languageOfRequest('fr;q=0')).toBe('en-US');
  });
});
