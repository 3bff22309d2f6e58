// Shapes of saved views and stories as the API stores them (see server/presentation-schemas.ts).
import type { Lang } from '../i18n';

export interface SavedView {
  caption: string;
  nodes: { id: string; x: number; y: number }[];
  edges: string[];
  zoom: number;
  pan: { x: number; y: number };
  viewport?: { width: number; height: number };
  lang: Lang;
  layout: string;
  hiddenTypes: string[];
  hiddenRelTypes: string[];
  selected: string[];
  highlighted: string[];
}

export interface StoryStep {
  id: string;
  view: SavedView;
  narration: string;
}

export interface StorySummary {
  id: string;
  title: string;
  version: number;
  stepCount: number;
  updatedAt: string;
}

export interface Story {
  id: string;
  title: string;
  description: string;
  version: number;
  steps: StoryStep[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredView {
  id: string;
  name: string;
  version: number;
  view: SavedView;
}

export interface Note {
  id: string;
  entityId: string;
  text: string;
  createdAt: string;
}
