// @vitest-environment jsdom
// The offline story and narration Markdown: what an analyst writes cannot style, beacon or script
// its way out of the page, and the exported file's CSP lets only its own script run.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../client/src/markdown';
import {
  STORY_CSP,
  STORY_SCRIPT,
  STORY_SCRIPT_SHA256,
  storyHtml,
} from '../../client/src/presentation/export';

const doc = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('narration Markdown', () => {
  it('keeps what analysts write: emphasis, lists, links, quotes', () => {
    const html = doc(
      renderMarkdown('**bold** _it_\n\n- one\n- two\n\n> quoted\n\n[article](https://example.org/a)'),
    );
    expect(html.querySelector('strong')?.textContent).toBe('bold');
    expect(html.querySelectorAll('li')).toHaveLength(2);
    expect(html.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    const link = html.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.org/a');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('drops style, class and id, so nothing can be positioned over the page', () => {
    const html = doc(
      renderMarkdown(
        '<a href="https://evil.example" style="position:fixed;inset:0;z-index:9999" class="modal" id="btn-run">click</a><div style="position:fixed">x</div>',
      ),
    );
    for (const el of html.body.querySelectorAll('*')) {
      expect(el.hasAttribute('style'), el.outerHTML).toBe(false);
      expect(el.hasAttribute('class'), el.outerHTML).toBe(false);
      expect(el.hasAttribute('id'), el.outerHTML).toBe(false);
    }
  });

  it('loads no remote image and no script URL', () => {
    const html = doc(
      renderMarkdown(
        '![beacon](https://evil.example/pixel.png) <img src="//evil.example/x.gif"> <img srcset="https://evil.example/y.png 1x"> [x](javascript:alert(1)) <img src="data:image/png;base64,iVBORw0KGgo=">',
      ),
    );
    const sources = [...html.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(sources).toEqual(['data:image/png;base64,iVBORw0KGgo=']);
    expect(html.querySelector('[srcset]')).toBeNull();
    expect([...html.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([null]);
  });
});

describe('the exported HTML story', () => {
  const file = storyHtml('故事 <title>', [
    {
      caption: 'One',
      narration: '<img src="https://evil.example/p.png"> hello',
      svg: '<svg></svg>',
      sources: [],
    },
  ]);

  it('carries a strict CSP that allows its own script by hash and nothing from the network', () => {
    const meta = doc(file).querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(meta?.getAttribute('content')).toBe(STORY_CSP);
    expect(STORY_CSP).toContain("default-src 'none'");
    expect(STORY_CSP).toContain('img-src data:');
    expect(STORY_CSP).toContain("connect-src 'none'");
    const hash = createHash('sha256').update(STORY_SCRIPT).digest('base64');
    expect(STORY_SCRIPT_SHA256).toBe(hash);
    expect(STORY_CSP).toContain(`'sha256-${hash}'`);
    // The script in the file is exactly the one hashed.
    expect(doc(file).querySelector('script')?.textContent).toBe(STORY_SCRIPT);
    expect(doc(file).querySelectorAll('script')).toHaveLength(1);
  });

  it('escapes the title and sanitises narration', () => {
    expect(file).toContain('故事 &lt;title&gt;');
    expect(file).not.toContain('evil.example');
  });
});
