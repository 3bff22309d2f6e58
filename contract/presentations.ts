// Analysts' saved views, stories and notes: request bodies bound every size (a story cannot grow
// without limit) and name the field at fault; answers are the stored records.
import { z } from './zod';

const id = z.string().min(1).max(200);
const finite = z.number().finite();

export const savedView = z
  .object({
    caption: z.string().max(500).default(''),
    nodes: z.array(z.object({ id, x: finite, y: finite }).strict()).max(5000, 'at most 5000 nodes in a view'),
    edges: z.array(id).max(20_000, 'at most 20000 edges in a view'),
    zoom: z.number().positive().max(100),
    pan: z.object({ x: finite, y: finite }).strict(),
    // The canvas size when saved, so another screen shows the same framing.
    viewport: z
      .object({ width: z.number().positive().max(100_000), height: z.number().positive().max(100_000) })
      .strict()
      .optional(),
    lang: z.enum(['zh', 'en', 'both']),
    layout: z.string().regex(/^[a-z]{1,20}$/),
    hiddenTypes: z.array(z.string().max(40)).max(200).default([]),
    hiddenRelTypes: z.array(z.string().max(40)).max(200).default([]),
    selected: z.array(id).max(500).default([]),
    highlighted: z.array(id).max(5000).default([]),
  })
  .strict()
  .meta({ title: 'SavedView' });

export const viewBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200).meta({ pattern: '\\S' }),
    view: savedView,
  })
  .strict();
export const viewUpdate = viewBody.extend({ version: z.number().int().min(1) }).strict();

export const storyStep = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a short id of letters, digits, - and _'),
    view: savedView,
    narration: z.string().max(20_000).default(''),
  })
  .strict();

const storyFields = {
  title: z.string().trim().min(1, 'is required').max(200).meta({ pattern: '\\S' }),
  description: z.string().max(5000).default(''),
  // `x-unique-by`: step ids are unique within a story (JSON Schema cannot say it of a property).
  steps: z
    .array(storyStep)
    .max(100, 'at most 100 steps')
    .default([])
    .meta({ 'x-unique-by': 'id', description: 'Step ids are unique within a story.' }),
};
const uniqueStepIds = {
  check: (s: { steps: { id: string }[] }) => new Set(s.steps.map((x) => x.id)).size === s.steps.length,
  params: { message: 'step ids must be unique', path: ['steps'] },
};
export const storyBody = z.object(storyFields).strict().refine(uniqueStepIds.check, uniqueStepIds.params);
export const storyUpdate = z
  .object({ version: z.number().int().min(1, 'is required: the version you edited'), ...storyFields })
  .strict()
  .refine(uniqueStepIds.check, uniqueStepIds.params);

const noteText = z.string().trim().min(1, 'is required').max(10_000).meta({ pattern: '\\S' });
export const noteBody = z.object({ entityId: id, text: noteText }).strict();
export const noteUpdate = z.object({ text: noteText }).strict();
export const notesQuery = z.object({ entityId: id.optional() });
export const recordId = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{8,64}$/, 'is not a valid id')
    .meta({ examples: ['0b6c1f9e-3f4e-4f1e-9b1a-2a8f1c0d9e11'] }),
});

// ---- answers ----

const recordMeta = {
  id: z.string(),
  /** Incremented by every change; send it back with an update (409 when someone changed it since). */
  version: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const storySummary = z.object({
  ...recordMeta,
  title: z.string(),
  stepCount: z.number().int().min(0),
});
export const story = z
  .object({
    ...recordMeta,
    title: z.string(),
    stepCount: z.number().int().min(0),
    description: z.string(),
    steps: z.array(storyStep),
  })
  .meta({ title: 'Story' });

export const viewSummary = z.object({ ...recordMeta, name: z.string() });
export const storedView = viewSummary.extend({ view: savedView }).meta({ title: 'StoredView' });

export const note = z
  .object({ ...recordMeta, entityId: z.string(), text: z.string() })
  .meta({ title: 'Note' });

/** Entity ids that a stored view refers to and that no longer exist. */
const missing = z.array(z.string());

export const storiesAnswer = z.object({ stories: z.array(storySummary) });
export const storyAnswer = z.object({ story });
export const storyWithMissing = z.object({ story, missing });
export const viewsAnswer = z.object({ views: z.array(viewSummary) });
export const viewWithMissing = storedView.extend({ missing });
export const notesAnswer = z.object({ notes: z.array(note) });
export const noteAnswer = z.object({ note });

export type SavedView = z.output<typeof savedView>;
export type StoryStep = z.output<typeof storyStep>;
export type StoryBody = z.output<typeof storyBody>;
export type StorySummary = z.output<typeof storySummary>;
export type Story = z.output<typeof story>;
export type ViewSummary = z.output<typeof viewSummary>;
export type StoredView = z.output<typeof storedView>;
export type Note = z.output<typeof note>;
