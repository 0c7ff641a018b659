/**
 * Packing markdown into pull-request comments: sections of units, each part under a length. A
 * part boundary falls between units where it can; a section cut there is closed and reopened as
 * "(continued)", so every part is well-formed on its own. With a cap on the number of parts, the
 * packing stops at the last part and says which units it left out.
 */

/** What one unit shows, so that a cut plan can count what it left out (a group's shared change is not counted: its addresses are). */
export type UnitKind = 'error' | 'change' | 'address' | 'shape';

export interface Unit {
  text: string;
  kind: UnitKind;
}

export interface Section {
  open(continued: boolean): string;
  close: string;
  units: Unit[];
}

export interface Packed {
  parts: string[];
  /** The units not shown, or shown only in part, in order. */
  leftOut: Unit[];
}

/**
 * `lastRoom`: how much shorter than `budget` the part `maxParts` must be, to leave room for
 * what the caller adds to it.
 */
export function pack(first: string, sections: readonly Section[], budget: number, maxParts = Infinity, lastRoom = 0): Packed {
  const parts: string[] = [];
  let current = first;
  const room = () => (parts.length === maxParts - 1 ? budget - lastRoom : budget);
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s] as Section;
    const overhead = section.open(true).length + section.close.length;
    let opened = false;
    for (let u = 0; u < section.units.length; u++) {
      const unit = section.units[u] as Unit;
      const pieces = splitUnit(unit.text, budget - lastRoom - overhead);
      for (let p = 0; p < pieces.length; p++) {
        const piece = pieces[p] as string;
        const open = opened ? '' : section.open(false);
        if (current.length + open.length + piece.length + section.close.length > room()) {
          if (opened) current += section.close;
          parts.push(current);
          if (parts.length >= maxParts)
            return { parts, leftOut: [unit, ...section.units.slice(u + 1), ...sections.slice(s + 1).flatMap((x) => x.units)] };
          current = section.open(opened);
          opened = true;
        } else if (!opened) {
          current += open;
          opened = true;
        }
        current += piece;
      }
    }
    if (opened) current += section.close;
  }
  parts.push(current);
  return { parts, leftOut: [] };
}

/** A unit longer than a part (a job with 200 long tags can be) is cut between its lines. */
function splitUnit(unit: string, room: number): string[] {
  if (unit.length <= room) return [unit];
  const pieces: string[] = [];
  let piece = '';
  for (const line of unit.split(/(?<=\n)/)) {
    if (piece.length + line.length > room && piece !== '') {
      pieces.push(piece);
      piece = '';
    }
    piece += line;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}
