/** An article's text with its evidence spans as <mark> elements (text nodes only). */

import type { Evidence } from "./api";
import { fieldColor, sortFields } from "./colors";
import { h } from "./dom";

/** One highlighted span: the fields whose evidence it is. */
export interface Highlight {
  start: number;
  end: number;
  fields: string[];
  /** Cut short because it crosses an enclosing span (marks cannot overlap). */
  clipped: boolean;
}

interface SpanNode {
  span: Highlight | null;
  end: number;
  children: SpanNode[];
}

/**
 * The distinct spans of the evidence that really lie in ``text`` (same words at the same
 * offsets), with the fields each supports, ordered for nesting: by start, longer first.
 * Evidence that does not match the text is returned apart, so the page can say so.
 */
export function highlights(
  text: string,
  evidence: Evidence[],
): { spans: Highlight[]; unmatched: Evidence[] } {
  const byRange = new Map<string, Set<string>>();
  const unmatched: Evidence[] = [];
  for (const ev of evidence) {
    const ok =
      Number.isInteger(ev.start) &&
      Number.isInteger(ev.end) &&
      ev.start >= 0 &&
      ev.end > ev.start &&
      ev.end <= text.length &&
      text.slice(ev.start, ev.end) === ev.text;
    if (!ok) {
      unmatched.push(ev);
      continue;
    }
    const key = `${ev.start}:${ev.end}`;
    const fields = byRange.get(key) ?? new Set<string>();
    fields.add(ev.field);
    byRange.set(key, fields);
  }
  const spans = [...byRange.entries()].map(([key, fields]) => {
    const [start, end] = key.split(":").map(Number);
    return { start, end, fields: sortFields(fields), clipped: false };
  });
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return { spans, unmatched };
}

function nest(spans: Highlight[], length: number): SpanNode {
  const root: SpanNode = { span: null, end: length, children: [] };
  const stack: SpanNode[] = [root];
  for (const original of spans) {
    let span = original;
    while (stack.length > 1 && span.start >= stack[stack.length - 1].end) stack.pop();
    const parent = stack[stack.length - 1];
    if (span.end > parent.end) span = { ...span, end: parent.end, clipped: true };
    const node: SpanNode = { span, end: span.end, children: [] };
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

function mark(span: Highlight): HTMLElement {
  const el = h("mark", {
    class: span.clipped ? "evidence clipped" : "evidence",
    attrs: { "data-field": span.fields.join(" "), title: span.fields.join(", ") },
  });
  el.style.backgroundColor = fieldColor(span.fields[0]);
  return el;
}

function emit(parent: Node, text: string, start: number, node: SpanNode): void {
  let pos = start;
  for (const child of node.children) {
    const span = child.span as Highlight;
    if (span.start > pos) parent.appendChild(document.createTextNode(text.slice(pos, span.start)));
    const el = mark(span);
    emit(el, text, span.start, child);
    parent.appendChild(el);
    pos = span.end;
  }
  if (node.end > pos) parent.appendChild(document.createTextNode(text.slice(pos, node.end)));
}

/** The text as a fragment of text nodes and (nested) <mark class="evidence"> elements. */
export function renderHighlighted(text: string, spans: Highlight[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  emit(fragment, text, 0, nest(spans, text.length));
  return fragment;
}
