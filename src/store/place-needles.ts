/**
 * A cheap first cut for filtering by place, in SQL, before the place tagger (src/report/places.ts)
 * decides. Only ever too wide, never too narrow: a post the tagger would tag with the place always
 * holds one of these strings in PLACE_SEARCH_TEXT, so the filter's answer is the tagger's alone.
 *
 * Why that holds: the tagger matches a gazetteer spelling word by word, each word lowercased with its
 * apostrophes dropped ("St Mary’s" → "st marys"). Any word of a spelling's key other than "st" (which
 * "Saint" also becomes) therefore appears in the text lowercased and without apostrophes. SQLite's
 * lower() folds ASCII only, so a needle with other letters gives up the cut (null), and the one
 * non-ASCII letter JavaScript lowercases to ASCII, the Kelvin sign, is folded by hand.
 */
import { toPlaceKey, type Gazetteer } from '../report/places';

/** Needs `p` (posts). */
export const PLACE_SEARCH_TEXT = `replace(replace(replace(replace(lower(p.text), '''', ''), char(8217), ''), '\`', ''), char(8490), 'k')`;

/**
 * For a place label as the tagger gives it ("Truro", "St Agnes (Isles of Scilly)"): one string per
 * spelling of every gazetteer entry the label may stand for. An empty list when no entry has that
 * label (nothing can match); null when the cut cannot be made safely.
 */
export function toPlaceNeedles(gazetteer: Gazetteer, label: string): string[] | null {
  const entries = gazetteer.places.filter((place) => place.name === label || label.startsWith(`${place.name} (`));
  const needles = new Set<string>();
  for (const place of entries) {
    for (const spelling of [place.name, ...place.aliases]) {
      const words = toPlaceKey(spelling)
        .split(' ')
        .filter((word) => word !== '' && word !== 'st');
      const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
      if (longest === '' || /[^\x20-\x7e]/.test(longest)) return null;
      needles.add(longest);
    }
  }
  return [...needles];
}
