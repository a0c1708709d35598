/**
 * Small pieces the report's tables share: column headings and the CSV export button.
 * @module
 */
import { toCsv } from '../../../api/csv.js';
import { download } from '../Disputes.js';

/** A table's column headings. */
export function Head({ labels }: { labels: readonly string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th key={label} scope="col">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Downloads a table's rows as CSV. */
export function ExportButton(props: {
  file: string;
  columns: readonly string[];
  rows: readonly object[];
  label: string;
}) {
  return (
    <button
      type="button"
      class="aicm-button"
      onClick={() =>
        download(props.file, toCsv(props.columns, props.rows as Record<string, unknown>[]))
      }
    >
      {props.label}
    </button>
  );
}
