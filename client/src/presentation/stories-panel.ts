// The stories drawer: saved views, stories and their steps (create, rename, reorder, duplicate,
// delete, narrate), presenting and exporting. Every change is saved at once, with the story's
// version, so two people editing the same story get a conflict instead of a lost step.
import { ApiError, notes, stories, views } from '../api';
import { byId, h } from '../dom';
import type { GraphCanvas } from '../graph/canvas';
import { pick, t } from '../i18n';
import { namedQuotes } from '../sources';
import type { Store } from '../store';
import { download, storyHtml, svgText, type RenderedStep } from './export';
import type { Presenter } from './present';
import type { Story, StoryStep } from './types';
import { applyView, captureView } from './view-state';

const stepId = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4);

export function setupStoriesPanel(canvas: GraphCanvas, store: Store, presenter: Presenter) {
  const root = byId('stories-body');
  let current: Story | undefined;
  let missing: string[] = [];
  let message = '';

  const lang = () => store.get().lang;
  const say = (text: string) => {
    message = text;
    const out = root.querySelector('.stories-message');
    if (out) out.textContent = text;
  };
  const fail = (error: unknown) =>
    say(error instanceof ApiError || error instanceof Error ? error.message : String(error));

  async function save(next: Story): Promise<void> {
    let outcome: () => void;
    try {
      current = (await stories.update(next)).story;
      const version = current.version;
      outcome = () => say(`${t('saved', lang())} · v${version}`);
    } catch (error) {
      outcome = () => fail(error);
    }
    // The message comes after the panel is rebuilt, so "saved" means the buttons hold the new version.
    await render();
    outcome();
  }

  async function open(id: string): Promise<void> {
    try {
      const result = await stories.get(id);
      current = result.story;
      missing = result.missing;
      say(missing.length ? `${t('missingElements', lang())}: ${missing.join(', ')}` : '');
    } catch (error) {
      fail(error);
    }
    await render();
  }

  const button = (label: string, onClick: () => void, attrs: Record<string, string> = {}) => {
    const b = h('button', { type: 'button', ...attrs }, label);
    b.addEventListener('click', onClick);
    return b;
  };

  function stepEditor(story: Story, step: StoryStep, i: number): HTMLElement {
    const caption = h('input', {
      type: 'text',
      value: step.view.caption,
      'aria-label': `${t('caption', lang())} ${i + 1}`,
      class: 'step-caption',
    });
    caption.addEventListener('change', () => {
      const steps = story.steps.map((s) =>
        s.id === step.id ? { ...s, view: { ...s.view, caption: caption.value } } : s,
      );
      void save({ ...story, steps });
    });
    const narration = h('textarea', {
      rows: '3',
      'aria-label': `${t('narration', lang())} ${i + 1}`,
      class: 'step-narration',
    });
    narration.value = step.narration;
    narration.addEventListener('change', () => {
      const steps = story.steps.map((s) => (s.id === step.id ? { ...s, narration: narration.value } : s));
      void save({ ...story, steps });
    });
    const move = (delta: number) => {
      const steps = [...story.steps];
      const [moved] = steps.splice(i, 1);
      steps.splice(Math.max(0, Math.min(steps.length, i + delta)), 0, moved!);
      void save({ ...story, steps });
    };
    return h(
      'li',
      { class: 'story-step', 'data-step-id': step.id },
      h('span', { class: 'step-number' }, `${t('step', lang())} ${i + 1}`),
      caption,
      narration,
      h(
        'div',
        { class: 'actions' },
        button(
          t('show', lang()),
          () =>
            void applyView(canvas, store, step.view, { duration: 500 }).then(
              (r) =>
                r.missingNodes.length && say(`${t('missingElements', lang())}: ${r.missingNodes.join(', ')}`),
            ),
        ),
        button('↑', () => move(-1), { 'aria-label': t('moveUp', lang()), title: t('moveUp', lang()) }),
        button('↓', () => move(1), { 'aria-label': t('moveDown', lang()), title: t('moveDown', lang()) }),
        button(t('updateStep', lang()), () => {
          const steps = story.steps.map((s) =>
            s.id === step.id ? { ...s, view: captureView(canvas, store, s.view.caption) } : s,
          );
          void save({ ...story, steps });
        }),
        button(t('insertNotes', lang()), () => void insertNotes(story, step)),
        button(t('duplicate', lang()), () => {
          const steps = [...story.steps];
          steps.splice(i + 1, 0, { ...step, id: stepId() });
          void save({ ...story, steps });
        }),
        button(
          t('delete', lang()),
          () => void save({ ...story, steps: story.steps.filter((s) => s.id !== step.id) }),
        ),
      ),
    );
  }

  async function insertNotes(story: Story, step: StoryStep): Promise<void> {
    const ids = canvas.cy.$('node:selected').map((n) => n.id());
    const found = (await Promise.all(ids.map((id) => notes.list(id).then((r) => r.notes)))).flat();
    if (!found.length) return;
    const quoted = found
      .map(
        (n) =>
          `> **${pick(canvas.cy.getElementById(n.entityId).data('name') as string, canvas.cy.getElementById(n.entityId).data('nameEn') as string, lang())}**: ${n.text}`,
      )
      .join('\n\n');
    const steps = story.steps.map((s) =>
      s.id === step.id ? { ...s, narration: `${s.narration}\n\n${quoted}`.trim() } : s,
    );
    await save({ ...story, steps });
  }

  /** Each step drawn once on the live canvas (its SVG taken), then the explorer view restored. */
  async function exportHtml(story: Story): Promise<void> {
    const before = captureView(canvas, store);
    const rendered: RenderedStep[] = [];
    try {
      for (const step of story.steps) {
        await applyView(canvas, store, step.view, { duration: 0, record: false });
        const elements = [...new Set([...step.view.highlighted, ...step.view.selected])]
          .map((id) => canvas.cy.getElementById(id))
          .filter((el) => el.nonempty());
        rendered.push({
          caption: step.view.caption || story.title,
          narration: step.narration,
          svg: svgText(canvas.cy, false),
          sources: await namedQuotes(elements, lang()),
        });
      }
    } finally {
      // The explorer's view comes back even when a step's quotes could not be fetched.
      await applyView(canvas, store, before, { duration: 0, record: false });
    }
    download(
      `${story.title.replace(/[\\/:*?"<>|]+/g, '_') || 'story'}.html`,
      storyHtml(story.title, rendered),
      'text/html',
    );
  }

  async function render(): Promise<void> {
    const l = lang();
    if (!store.get().storiesOpen) return;
    const header = h('div', { class: 'stories-head' });
    const titleInput = h('input', {
      type: 'text',
      id: 'new-story-title',
      placeholder: t('storyTitle', l),
      'aria-label': t('storyTitle', l),
    });
    header.append(
      titleInput,
      button(
        t('newStory', l),
        async () => {
          try {
            current = (
              await stories.create({
                title: titleInput.value.trim() || t('stories', l),
                description: '',
                steps: [],
              })
            ).story;
            missing = [];
            say('');
          } catch (error) {
            fail(error);
          }
          await render();
        },
        { id: 'btn-new-story' },
      ),
    );
    const list = h('ul', { class: 'story-list' });
    try {
      const { stories: all } = await stories.list();
      if (!all.length) list.append(h('li', { class: 'muted' }, t('noStories', l)));
      for (const s of all) {
        list.append(
          h(
            'li',
            {},
            button(`${s.title} (${s.stepCount})`, () => void open(s.id), {
              class: `story-link${current?.id === s.id ? ' current' : ''}`,
              'data-story-id': s.id,
            }),
          ),
        );
      }
    } catch (error) {
      fail(error);
    }
    const savedViews = h('ul', { class: 'story-list' });
    try {
      for (const v of (await views.list()).views) {
        savedViews.append(
          h(
            'li',
            { class: 'saved-view' },
            button(
              v.name,
              async () => {
                const { view, missing: gone } = await views.get(v.id);
                await applyView(canvas, store, view, { duration: 500 });
                say(gone.length ? `${t('missingElements', l)}: ${gone.join(', ')}` : '');
              },
              { 'data-view-id': v.id },
            ),
            button(
              '×',
              async () => {
                await views.remove(v.id).catch(fail);
                await render();
              },
              { 'aria-label': `${t('delete', l)} ${v.name}` },
            ),
          ),
        );
      }
    } catch (error) {
      fail(error);
    }

    const editor = h('div', { class: 'story-editor' });
    const story = current;
    if (story) {
      const rename = h('input', {
        type: 'text',
        value: story.title,
        id: 'story-title',
        'aria-label': t('storyTitle', l),
      });
      rename.addEventListener(
        'change',
        () => void save({ ...story, title: rename.value.trim() || story.title }),
      );
      editor.append(
        rename,
        h(
          'div',
          { class: 'actions' },
          button(
            t('addStep', l),
            () =>
              void save({
                ...story,
                steps: [
                  ...story.steps,
                  { id: stepId(), view: captureView(canvas, store, ''), narration: '' },
                ],
              }),
            { id: 'btn-add-step' },
          ),
          button(t('present', l), () => void presenter.start(story), { id: 'btn-present' }),
          button(t('exportHtml', l), () => void exportHtml(story).catch(fail), { id: 'btn-export-story' }),
          button(t('duplicate', l), async () => {
            try {
              current = (await stories.duplicate(story.id)).story;
            } catch (error) {
              fail(error);
            }
            await render();
          }),
          button(
            t('delete', l),
            async () => {
              await stories.remove(story.id).catch(fail);
              current = undefined;
              await render();
            },
            { id: 'btn-delete-story' },
          ),
        ),
        h('ol', { class: 'story-steps' }, ...story.steps.map((step, i) => stepEditor(story, step, i))),
      );
    }
    root.replaceChildren(
      header,
      h('h3', {}, t('stories', l)),
      list,
      editor,
      h('p', { class: 'stories-message', role: 'status' }, message),
      h('h3', {}, t('savedViews', l)),
      savedViews,
    );
  }

  store.subscribe((s, prev) => {
    byId('stories-panel').hidden = !s.storiesOpen;
    if ((s.storiesOpen && !prev.storiesOpen) || s.lang !== prev.lang) void render();
  });

  return {
    async saveView(name: string): Promise<void> {
      try {
        await views.create(name, captureView(canvas, store, name));
        say(t('saved', lang()));
      } catch (error) {
        fail(error);
      }
      await render();
    },
    current: () => current,
  };
}
