/** The timeline: a d3 histogram of event counts whose brush chooses the date range. */

import { max } from "d3-array";
import { axisBottom, axisLeft } from "d3-axis";
import { type BrushBehavior, type D3BrushEvent, brushX } from "d3-brush";
import { scaleLinear, scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { utcDay, utcMonth, utcWeek } from "d3-time";
import { utcFormat } from "d3-time-format";
import type { Count } from "./api";

export type Bin = "day" | "week" | "month";

/** The bin for a span of dates: days up to four months, weeks up to three years. */
export function binFor(first: string | null, last: string | null): Bin {
  if (!first || !last) return "day";
  const days = (parseDay(last).getTime() - parseDay(first).getTime()) / 86_400_000;
  return days <= 120 ? "day" : days <= 3 * 366 ? "week" : "month";
}

/** 'YYYY-MM-DD' or 'YYYY-MM' as a UTC date. */
export function parseDay(key: string): Date {
  const [y, m, d] = key.split("-").map(Number);
  return new Date(Date.UTC(y, (m || 1) - 1, d || 1));
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function binEnd(start: Date, bin: Bin): Date {
  if (bin === "day") return utcDay.offset(start, 1);
  if (bin === "week") return utcDay.offset(start, 7);
  return utcMonth.offset(start, 1);
}

function tickFormat(bin: Bin): (date: Date) => string {
  return utcFormat(bin === "day" ? "%-d %b" : bin === "week" ? "%-d %b %Y" : "%b %Y");
}

export interface Timeline {
  /** Draws the counts over the store's date span. */
  draw(counts: Count[], first: string | null, last: string | null, bin: Bin): void;
  /** Shows the chosen range (inclusive dates) without firing onBrush. */
  setRange(since: string | undefined, until: string | undefined): void;
}

const MARGIN = { top: 8, right: 16, bottom: 22, left: 36 };

/** A timeline in the <svg> element; onBrush gets the chosen inclusive range, or nulls. */
export function createTimeline(
  svgElement: SVGSVGElement,
  onBrush: (since: string | null, until: string | null) => void,
): Timeline {
  const svg = select(svgElement);
  let x = scaleUtc();
  let brush: BrushBehavior<unknown> | null = null;
  let range: [string | undefined, string | undefined] = [undefined, undefined];

  const brushGroup = () => svg.select<SVGGElement>("g.brush");

  function moveBrush(): void {
    if (!brush) return;
    const [since, until] = range;
    const [d0, d1] = x.domain();
    if (!since && !until) {
      brushGroup().call(brush.move, null);
      return;
    }
    const start = since ? parseDay(since) : d0;
    const end = until ? utcDay.offset(parseDay(until), 1) : d1;
    const x0 = Math.max(x.range()[0], x(start));
    const x1 = Math.min(x.range()[1], x(end));
    brushGroup().call(brush.move, x1 > x0 ? [x0, x1] : null);
  }

  function highlightBars(): void {
    const [since, until] = range;
    svg.selectAll<SVGRectElement, Count>("rect.bar").classed("outside", (d) => {
      if (!d.key) return false;
      const day = d.key.length === 7 ? `${d.key}-01` : d.key;
      return Boolean((since && day < since.slice(0, day.length)) || (until && day > until));
    });
  }

  return {
    draw(counts, first, last, bin) {
      const width = Math.max(svgElement.clientWidth || 600, 200);
      const height = Math.max(svgElement.clientHeight || 110, 80);
      svg.attr("viewBox", `0 0 ${width} ${height}`);
      svg.selectAll("*").remove();
      const dated = counts.filter((c): c is Count & { key: string } => Boolean(c.key));
      const keys = dated.map((c) => c.key).sort();
      const lo = first ?? keys[0];
      const hi = last ?? keys[keys.length - 1];
      const today = formatDay(new Date());
      let start = parseDay(lo ?? today);
      let end = binEnd(parseDay(hi ?? today), "day");
      if (bin === "week") start = utcWeek.floor(start);
      if (bin === "month") start = utcMonth.floor(start);
      // a short span gets some room on both sides, so that a brush can leave part out
      const days = (end.getTime() - start.getTime()) / 86_400_000;
      if (days < 14) {
        const pad = Math.ceil((14 - days) / 2);
        start = utcDay.offset(start, -pad);
        end = utcDay.offset(end, pad);
      }
      x = scaleUtc()
        .domain([start, end])
        .range([MARGIN.left, width - MARGIN.right]);
      const y = scaleLinear()
        .domain([0, max(dated, (d) => d.events) ?? 1])
        .nice()
        .range([height - MARGIN.bottom, MARGIN.top]);
      svgElement.dataset.start = formatDay(start);
      svgElement.dataset.end = formatDay(end);
      svgElement.dataset.bin = bin;

      svg
        .append("g")
        .attr("class", "bars")
        .selectAll("rect")
        .data(dated)
        .join("rect")
        .attr("class", "bar")
        .attr("x", (d) => x(parseDay(d.key)) + 0.5)
        .attr("width", (d) =>
          Math.max(1, x(binEnd(parseDay(d.key), bin)) - x(parseDay(d.key)) - 1),
        )
        .attr("y", (d) => y(d.events))
        .attr("height", (d) => y(0) - y(d.events))
        .append("title")
        .text((d) => `${d.key}: ${d.events} events, ${d.fatalities} fatalities`);
      svg
        .append("g")
        .attr("class", "axis")
        .attr("transform", `translate(0,${height - MARGIN.bottom})`)
        .call(
          axisBottom(x)
            .ticks(Math.max(2, Math.floor(width / 90)))
            .tickFormat((d) => tickFormat(bin)(d as Date)),
        );
      svg
        .append("g")
        .attr("class", "axis")
        .attr("transform", `translate(${MARGIN.left},0)`)
        .call(
          axisLeft(y)
            .tickValues(y.ticks(3).filter(Number.isInteger))
            .tickFormat((d) => String(d)),
        );

      brush = brushX()
        .extent([
          [MARGIN.left, MARGIN.top],
          [width - MARGIN.right, height - MARGIN.bottom],
        ])
        .on("end", (event: D3BrushEvent<unknown>) => {
          if (!event.sourceEvent) return; // moved by the program, not by the user
          const selection = event.selection as [number, number] | null;
          if (!selection) {
            range = [undefined, undefined];
            highlightBars();
            onBrush(null, null);
            return;
          }
          const d0 = utcDay.round(x.invert(selection[0]));
          let d1 = utcDay.round(x.invert(selection[1]));
          if (d1 <= d0) d1 = utcDay.offset(d0, 1);
          range = [formatDay(d0), formatDay(utcDay.offset(d1, -1))];
          moveBrush();
          highlightBars();
          onBrush(range[0] ?? null, range[1] ?? null);
        });
      svg.append("g").attr("class", "brush").call(brush);
      moveBrush();
      highlightBars();
    },
    setRange(since, until) {
      range = [since, until];
      moveBrush();
      highlightBars();
    },
  };
}
