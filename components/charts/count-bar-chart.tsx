"use client";
// Chart.js from our own bundle (no CDN). Only the pieces a horizontal bar chart needs are registered,
// which keeps the page's JavaScript small.
import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip, type ChartEvent, type ActiveElement } from "chart.js";
import { useRouter } from "next/navigation";
import { Bar } from "react-chartjs-2";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

export interface ChartBar {
  label: string;
  count: number;
  href: string;
}

/** Counts as horizontal bars; a click on a bar opens the list behind it. The table beside it carries the same links for keyboards and screen readers. */
export function CountBarChart({ title, bars }: { title: string; bars: ChartBar[] }) {
  const router = useRouter();
  const height = Math.max(90, bars.length * 28 + 30);
  return (
    <div className="count-chart" style={{ height }}>
      <Bar
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.count}`).join(", ")}`}
        role="img"
        data={{
          labels: bars.map((b) => b.label),
          datasets: [{ label: "Templates", data: bars.map((b) => b.count), backgroundColor: "#4f6bd8", borderRadius: 3, maxBarThickness: 22 }],
        }}
        options={{
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          plugins: { tooltip: { enabled: true } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } },
          onClick: (_event: ChartEvent, elements: ActiveElement[]) => {
            const bar = elements[0] ? bars[elements[0].index] : undefined;
            if (bar) router.push(bar.href);
          },
          onHover: (event: ChartEvent, elements: ActiveElement[]) => {
            const target = event.native?.target as HTMLElement | undefined;
            if (target) target.style.cursor = elements.length ? "pointer" : "default";
          },
        }}
      />
    </div>
  );
}
