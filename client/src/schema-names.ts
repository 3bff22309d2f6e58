// Owns how the client names a node type or a relationship type: the schema's Chinese and English
// names in the data language (both in 中英), the raw label or type when the schema has none.
import type { SchemaInfo } from '../../contract/types';
import { pick, type Lang } from './i18n';

/** A function naming node types (`Zone` → 片区 / Zone) with this schema, in this language. */
export const typeNamer =
  (schema: SchemaInfo | undefined, lang: Lang) =>
  (label: string): string => {
    const info = schema?.labels.find((l) => l.label === label);
    return pick(info?.nameZh, info?.nameEn ?? label, lang);
  };

/** A function naming relationship types with this schema, in this language. */
export const relationshipNamer =
  (schema: SchemaInfo | undefined, lang: Lang) =>
  (type: string): string => {
    const rel = schema?.relationshipTypes.find((r) => r.type === type);
    return pick(rel?.nameZh, rel?.nameEn ?? type, lang);
  };
