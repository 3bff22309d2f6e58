// Side-by-side comparison: figures of several entities aligned by measure, unit and period.
import type { CompareRow, Figure } from '../../contract/types';
import { normalisePeriod } from './timeline';

/**
 * Rows of figures aligned by measure, unit and period (or date): one row per combination, one cell
 * per entity. Rows most entities share come first, then by measure and period.
 */
export function alignFigures(entities: { id: string; figures: Figure[] }[]): CompareRow[] {
  const rows = new Map<string, CompareRow>();
  for (const entity of entities) {
    for (const figure of entity.figures) {
      const period = normalisePeriod({
        periodStart: figure.period?.start,
        periodEnd: figure.period?.end,
        periodLabel: figure.period?.label,
        periodLabelEn: figure.period?.labelEn,
        date: figure.date,
      });
      const key = `${figure.measure}|${figure.unit}|${period ? `${period.start}/${period.end}` : ''}`;
      const row = rows.get(key) ?? {
        key,
        measure: figure.measure,
        measureZh: figure.measureZh,
        unit: figure.unit,
        unitZh: figure.unitZh ?? null,
        period: period ?? null,
        aligned: 0,
        cells: {},
      };
      const cell = (row.cells[entity.id] ??= []);
      if (!cell.length) row.aligned++;
      cell.push(figure);
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.aligned - a.aligned ||
      a.measure.localeCompare(b.measure) ||
      (a.period?.end ?? '').localeCompare(b.period?.end ?? '') ||
      (a.period?.start ?? '').localeCompare(b.period?.start ?? ''),
  );
}
