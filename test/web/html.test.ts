/**
 * The desk's one way to put text into a page (src/web/html.ts): escaped, its bidi controls closed
 * inside it, and, in the page's text, isolated in a <bdi> when it could carry a direction.
 */
import { describe, expect, it } from 'vitest';
import { html, platformLink } from '../../src/web/html';

const RLO = '\u202E';
const PDF = '\u202C';
const PDI = '\u2069';

describe('text from the public in a page', () => {
  it('isolates a post holding an override, and closes the override inside the isolate', () => {
    expect(html`<td class="post-text">${`Buses ${RLO}stop at six`}</td><td>2017-05-02</td>`.value).toBe(`<td class="post-text"><bdi>Buses ${RLO}stop at six${PDF}</bdi></td><td>2017-05-02</td>`);
  });

  it('drops a pop that would close the isolate early, so the override after it stays inside', () => {
    expect(html`<p>by ${`Kai${PDI}${RLO} Pascoe`} · confidence 0.97</p>`.value).toBe(`<p>by <bdi>Kai${RLO} Pascoe${PDF}</bdi> · confidence 0.97</p>`);
  });

  it('isolates a right-to-left name, so the date after it keeps its order', () => {
    expect(html`<p>x:3 by ${'محمد'}, ${'2017-05-01'}</p>`.value).toBe('<p>x:3 by <bdi>محمد</bdi>, 2017-05-01</p>');
  });

  it('isolates a link’s visible text, and a typed address shown as text', () => {
    expect(platformLink('https://example.org/r1', `on ${RLO}the platform`).value).toBe(`<a href="https://example.org/r1" rel="noreferrer noopener"><bdi>on ${RLO}the platform${PDF}</bdi></a>`);
    expect(platformLink(`javascript:${RLO}alert(1)`).value).toBe(`<span class="muted"><bdi>javascript:${RLO}alert(1)${PDF}</bdi></span>`);
  });

  it('leaves text of ASCII alone plain: it cannot change a direction', () => {
    expect(html`<td>${'survey:r1'}</td><td>${0.97}</td><td>${'kai_p'}</td>`.value).toBe('<td>survey:r1</td><td>0.97</td><td>kai_p</td>');
  });

  it('escapes markup inside the isolate', () => {
    expect(html`<p>${'<script>alert("é")</script>'}</p>`.value).toBe('<p><bdi>&lt;script&gt;alert(&quot;é&quot;)&lt;/script&gt;</bdi></p>');
  });
});

describe('where a <bdi> would be read as text', () => {
  it('closes the controls in an attribute but adds no element there', () => {
    expect(html`<input type="search" name="q" value="${`a${RLO}b"`}" maxlength="200">`.value).toBe(`<input type="search" name="q" value="a${RLO}b&quot;${PDF}" maxlength="200">`);
    expect(html`<a href="/posts?q=${`é${RLO}`}">`.value).toBe(`<a href="/posts?q=é${RLO}${PDF}">`);
  });

  it('knows an attribute in a fragment that starts inside a tag', () => {
    expect(html` rel="${`n${RLO}ext`}"`.value).toBe(` rel="n${RLO}ext${PDF}"`);
    expect(html` class="attention" data-attention="${'é'}"`.value).toBe(' class="attention" data-attention="é"');
  });

  it('adds no element in a title, a textarea or an option', () => {
    expect(html`<title>${`Post ${RLO}x`} · onevision</title>`.value).toBe(`<title>Post ${RLO}x${PDF} · onevision</title>`);
    expect(html`<textarea name="note">${`é${RLO}`}</textarea>`.value).toBe(`<textarea name="note">é${RLO}${PDF}</textarea>`);
    expect(html`<option value="${'q'}"${html` selected`}>${'What worries you most? ﷺ'}</option>`.value).toBe('<option value="q" selected>What worries you most? ﷺ</option>');
  });

  it('isolates again in text after such an element', () => {
    expect(html`<title>t</title><h1>${'é'}</h1>`.value).toBe('<title>t</title><h1><bdi>é</bdi></h1>');
    expect(html`<a href="${'/x'}">${'é'}</a>`.value).toBe('<a href="/x"><bdi>é</bdi></a>');
  });
});
