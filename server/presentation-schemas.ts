// Schemas for analysts' saved views, stories and notes. They bound every size so a story can't
// grow without limit, and name the field at fault when something is wrong.
import { z } from 'zod';

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
  .strict();
export type SavedView = z.output<typeof savedView>;

export const viewBody = z
  .object({ name: z.string().trim().min(1, 'is required').max(200), view: savedView })
  .strict();
export const viewUpdate = viewBody.extend({ version: z.number().int().min(1) }).strict();

const step = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a short id of letters, digits, - and _'),
    view: savedView,
    narration: z.string().max(20_000).default(''),
  })
  .strict();

const storyFields = {
  title: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(5000).default(''),
  steps: z.array(step).max(100, 'at most 100 steps').default([]),
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
export type StoryBody = z.output<typeof storyBody>;

export const noteBody = z
  .object({ entityId: id, text: z.string().trim().min(1, 'is required').max(10_000) })
  .strict();
export const noteUpdate = z.object({ text: z.string().trim().min(1, 'is required').max(10_000) }).strict();
export const notesQuery = z.object({ entityId: id.optional() });
export const recordId = z.object({ id: z.string().regex(/^[a-z0-9-]{8,64}$/, 'is not a valid id') });
