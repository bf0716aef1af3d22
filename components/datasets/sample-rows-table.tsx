import { toPrettyJsonText } from "@/lib/datasets/json-text";
import { parsePyJson } from "@/lib/render/py-json";
import { PyDict, type PyValue } from "@/lib/render/values";
import type { FeatureColumn } from "./features";
import { RowJsonDialog } from "./row-json-dialog";
import { ValueView } from "./value-view";

export interface SampleRow {
  split: string;
  index: number;
  dataJson: string;
}

export function parseRow(dataJson: string): PyDict | null {
  try {
    const v = parsePyJson(dataJson);
    return v instanceof PyDict ? v : null;
  } catch {
    return null;
  }
}

export function rowKeys(rows: SampleRow[]): string[] {
  const keys = new Set<string>();
  for (const r of rows) for (const k of parseRow(r.dataJson)?.keys() ?? []) keys.add(String(k));
  return [...keys];
}

export function SampleRowsTable({ rows, columns }: { rows: SampleRow[]; columns: FeatureColumn[] }) {
  return (
    <div className="table-wrap">
      <table className="rows-table" data-testid="sample-rows">
        <thead>
          <tr>
            <th className="num">#</th>
            {columns.map((c) => (
              <th key={c.name} scope="col">
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const data = parseRow(r.dataJson);
            return (
              <tr key={`${r.split}-${r.index}`}>
                <td className="num">
                  <RowJsonDialog label={String(r.index)} title={`${r.split} row ${r.index}`} json={data ? toPrettyJsonText(data) : r.dataJson} />
                </td>
                {data ? (
                  columns.map((c) => (
                    <td key={c.name}>
                      <ValueView value={data.get(c.name) as PyValue | undefined} classNames={c.classNames} />
                    </td>
                  ))
                ) : (
                  <td colSpan={columns.length} className="muted">
                    This row could not be read.
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
