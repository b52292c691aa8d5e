/**
 * How full each page of a PDF printed by Chromium is: the share of the printable height, from the top
 * margin down to the lowest line of text on the page. Enough PDF for that and no more: objects, the
 * page tree, Flate-compressed content streams, and the cm/q/Q/Tm operators that place text.
 */
import zlib from 'node:zlib';

type Matrix = [number, number, number, number, number, number];

export function pageFills(pdf: Buffer, margins: { readonly top: number; readonly bottom: number }): number[] {
  const objects = readObjects(pdf.toString('latin1'));
  return pageOrder(objects).map((page) => {
    const height = Number(/\/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s*\]/.exec(page)?.[1] ?? 842);
    const contents = /\/Contents\s+(\d+)\s+0\s+R/.exec(page);
    const lowest = contents ? lowestText(readStream(objects.get(Number(contents[1])) ?? '')) : null;
    if (lowest === null) return 0;
    const [top, bottom] = [height - margins.top, margins.bottom];
    return Math.min(1, Math.max(0, (top - lowest) / (top - bottom)));
  });
}

function readObjects(text: string): Map<number, string> {
  const objects = new Map<number, string>();
  for (const match of text.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(Number(match[1]), match[2]!);
  return objects;
}

/** The pages in reading order, from the root of the page tree down its Kids. */
function pageOrder(objects: Map<number, string>): string[] {
  const root = [...objects.values()].find((o) => /\/Type\s*\/Pages\b/.test(o) && !/\/Parent\b/.test(o));
  const leaves = (body: string): string[] => {
    if (!/\/Type\s*\/Pages\b/.test(body)) return [body];
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
    return [...kids.matchAll(/(\d+)\s+0\s+R/g)].flatMap((kid) => leaves(objects.get(Number(kid[1])) ?? ''));
  };
  return root ? leaves(root) : [];
}

function readStream(body: string): string {
  const start = body.indexOf('stream');
  const end = body.lastIndexOf('endstream');
  if (start < 0 || end < 0) return '';
  const raw = Buffer.from(body.slice(start + 6, end).replace(/^\r?\n/, ''), 'latin1');
  return /\/FlateDecode/.test(body.slice(0, start)) ? zlib.inflateSync(raw).toString('latin1') : raw.toString('latin1');
}

/** The lowest baseline of any text on the page, in PDF points from the page's foot; null without text. */
function lowestText(content: string): number | null {
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  let numbers: number[] = [];
  let lowest: number | null = null;
  for (const [token] of content.matchAll(/<[0-9A-Fa-f]*>|\((?:\\.|[^)\\])*\)|\[[^\]]*\]|\/[^\s/<>[\]()]+|[-+]?\d*\.?\d+|[A-Za-z*'"]+/g)) {
    if (/^[-+]?\d*\.?\d+$/.test(token)) {
      numbers.push(Number(token));
      continue;
    }
    if (token === 'q') saved.push(ctm);
    else if (token === 'Q') ctm = saved.pop() ?? ctm;
    else if (token === 'cm' && numbers.length >= 6) ctm = multiply(numbers.slice(-6) as Matrix, ctm);
    else if (token === 'Tm' && numbers.length >= 6) {
      const y = multiply(numbers.slice(-6) as Matrix, ctm)[5];
      lowest = lowest === null ? y : Math.min(lowest, y);
    }
    numbers = [];
  }
  return lowest;
}

function multiply(a: Matrix, b: Matrix): Matrix {
  return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]];
}
