import Link from "next/link";
import { CountBarChart, type ChartBar } from "./count-bar-chart";

/** One dimension of the helicopter view: the chart, and the same numbers as a table of links. */
export function OverviewSection({ id, title, bars }: { id: string; title: string; bars: ChartBar[] }) {
  const headingId = `overview-${id}`;
  return (
    <section className="card overview-section" aria-labelledby={headingId} data-testid={`overview-${id}`}>
      <h2 id={headingId}>{title}</h2>
      {bars.length === 0 ? (
        <p className="empty">No templates.</p>
      ) : (
        <>
          <CountBarChart title={title} bars={bars} />
          <table className="overview-table">
            <caption className="visually-hidden">{title}: templates per value</caption>
            <tbody>
              {bars.map((b) => (
                <tr key={b.label}>
                  <th scope="row">{b.label}</th>
                  <td>
                    <Link href={b.href} aria-label={`${b.count} templates: ${title} ${b.label}`}>
                      {b.count.toLocaleString("en")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
