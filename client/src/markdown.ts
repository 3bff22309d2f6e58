// Narration is Markdown written by analysts; it is rendered and then sanitised, never trusted.
// Beyond DOMPurify's HTML profile: no style, class or id attributes (a position:fixed link once
// covered the whole screen in presentation mode and the export), images only as data: URLs (a remote
// image is a beacon to whoever serves it), and links that open nothing with the page's privileges.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

const LINK = /^(https?:|mailto:|#)/i;
const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,/i;

DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName === 'src' && !INLINE_IMAGE.test(data.attrValue)) data.keepAttr = false;
  if (data.attrName === 'href' && !LINK.test(data.attrValue.trim())) data.keepAttr = false;
  void node;
});
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('rel', 'noopener noreferrer');
    node.setAttribute('target', '_blank');
  }
  if (node.tagName === 'IMG' && !node.hasAttribute('src')) node.remove();
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'object',
      'embed',
      'svg',
      'math',
    ],
    FORBID_ATTR: ['style', 'class', 'id', 'srcset', 'formaction', 'xlink:href', 'background'],
  });
}
